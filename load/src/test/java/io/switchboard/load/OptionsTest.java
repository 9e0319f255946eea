package io.switchboard.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

  @Test
  void defaults() {
    Options o = Options.parse("fanout");
    assertEquals("fanout", o.command);
    assertEquals("http://127.0.0.1:8080", o.url);
    assertEquals("ws://127.0.0.1:8081/ws", o.ws);
    assertNull(o.token);
    assertNull(o.out);
    assertFalse(o.quick);
    assertEquals(1000, o.connections);
    assertEquals(10000, o.pings);
    assertEquals(200, o.subscribers);
    assertEquals(500, o.messages);
    assertEquals(50, o.rate);
    assertEquals(120, o.maxSeconds);
    assertEquals(List.of("fanout"), o.scenarios());
  }

  @Test
  void quickShrinksTheSizes() {
    Options o = Options.parse("suite", "--quick");
    assertTrue(o.quick);
    assertEquals(200, o.connections);
    assertEquals(2000, o.pings);
    assertEquals(50, o.subscribers);
    assertEquals(100, o.messages);
    assertEquals(20, o.maxSeconds);
    assertEquals(List.of("connect", "ping", "fanout", "ceiling"), o.scenarios());
  }

  @Test
  void allOptionsInBothSpellings() {
    Options o = Options.parse("--url", "http://127.0.0.1:9000", "--ws=ws://127.0.0.1:9001/ws", "ping",
        "--token", "abc", "--out=r.json", "--quick", "--connections", "7", "--pings=8",
        "--subscribers", "9", "--messages", "10", "--rate", "11", "--max-seconds", "12");
    assertEquals("ping", o.command);
    assertEquals("http://127.0.0.1:9000", o.url);
    assertEquals("ws://127.0.0.1:9001/ws", o.ws);
    assertEquals("abc", o.token);
    assertEquals("r.json", o.out);
    assertEquals(7, o.connections);
    assertEquals(8, o.pings);
    assertEquals(9, o.subscribers);
    assertEquals(10, o.messages);
    assertEquals(11, o.rate);
    assertEquals(12, o.maxSeconds);
    assertEquals("given", o.toJson().getString("token"));
    assertFalse(o.toJson().encode().contains("abc"), "the token itself is never reported");
  }

  @Test
  void errors() {
    assertMessage("no scenario given", () -> Options.parse());
    assertMessage("unknown scenario 'flood'", () -> Options.parse("flood"));
    assertMessage("unexpected argument 'ping'", () -> Options.parse("connect", "ping"));
    assertMessage("unknown option --nope", () -> Options.parse("ping", "--nope", "1"));
    assertMessage("--url needs a value", () -> Options.parse("ping", "--url"));
    assertMessage("--pings needs a positive integer", () -> Options.parse("ping", "--pings", "0"));
    assertMessage("--pings needs a positive integer", () -> Options.parse("ping", "--pings", "x"));
    assertMessage("--ws needs a ws://", () -> Options.parse("ping", "--ws", "http://127.0.0.1:8081/ws"));
    assertMessage("--url needs a http://", () -> Options.parse("ping", "--url", "127.0.0.1:8080"));
    assertMessage("--quick takes no value", () -> Options.parse("ping", "--quick=yes"));
    assertMessage("--token needs a non-empty value", () -> Options.parse("ping", "--token="));
  }

  @Test
  void helpNeedsNoScenario() {
    assertTrue(Options.parse("--help").help);
    assertEquals(0, Main.run(new String[] {"--help"}));
    assertEquals(2, Main.run(new String[] {"bogus"}));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
  }
}
