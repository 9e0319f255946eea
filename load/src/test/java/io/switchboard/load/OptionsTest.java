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
    assertEquals(5000, o.connections);
    assertEquals(50000, o.pings);
    assertEquals(10000, o.subscribers);
    assertEquals(40, o.messages);
    assertEquals(2, o.rate);
    assertEquals(120, o.maxSeconds);
    assertEquals("json", o.encoding);
    assertEquals(-1, o.serverPid);
    assertEquals(10, o.duration);
    assertEquals(10000, o.sequential);
    assertEquals(1000, o.window);
    assertEquals(93, o.messageBytes);
    assertEquals(50, o.senders);
    assertEquals(100, o.senderRate);
    assertEquals(4, o.workers);
    assertEquals(List.of(93, 285, 1024, 4096, 16384, 65536), o.sizes);
    assertEquals(5, o.sizeSeconds);
    assertEquals(8, o.sourceAddresses);
    assertEquals(50000, o.maxConnections);
    assertEquals(20, o.churnClients);
    assertEquals("all", o.pattern);
    assertEquals(2000, o.mixedRate);
    assertEquals(List.of("fanout"), o.scenarios());
  }

  @Test
  void quickShrinksTheSizes() {
    Options o = Options.parse("suite", "--quick");
    assertTrue(o.quick);
    assertEquals(200, o.connections);
    assertEquals(2000, o.pings);
    assertEquals(500, o.subscribers);
    assertEquals(50, o.messages);
    assertEquals(25, o.rate);
    assertEquals(20, o.maxSeconds);
    assertEquals(2, o.duration);
    assertEquals(1000, o.sequential);
    assertEquals(20, o.senders);
    assertEquals(2, o.workers);
    assertEquals(1, o.sizeSeconds);
    assertEquals(5000, o.maxConnections);
    assertEquals(500, o.mixedRate);
    assertEquals(List.of("connect", "ping", "fanout", "throughput", "senders", "saturate", "workers", "sizes", "capacity",
        "churn", "mixed", "rest", "mcp", "collab-rate", "collab", "ceiling"),
        o.scenarios());
  }

  @Test
  void aLongerWarmUpLengthensTheDefaultTimeBoundOnly() {
    Options o = Options.parse("saturate", "--warm-up-seconds", "100");
    assertEquals(100, o.warmUpSeconds);
    assertEquals(220, o.maxSeconds);
    assertEquals(150, Options.parse("saturate", "--warm-up-seconds=100", "--max-seconds", "150").maxSeconds);
    assertEquals(0, Options.parse("saturate").warmUpSeconds, "0: the scenario's own default");
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
  void httpSideOptions() {
    Options d = Options.parse("mcp");
    assertEquals(8, d.httpClients);
    assertEquals(16, d.mcpClients);
    assertEquals(20, d.httpSeconds);
    assertEquals(20, d.pageSize);
    assertNull(d.mcpUrl);
    assertEquals("test_simple_text", d.mcpTool);
    assertEquals("{}", d.mcpArgs.encode());
    assertEquals("greet", d.mcpPeerTool);
    assertEquals("{\"name\":\"load\"}", d.mcpPeerArgs.encode());
    assertEquals(4, d.collabClients);
    assertEquals(20, d.collabSeconds);
    assertEquals(10, d.editRate);
    assertEquals(List.of(4, 16, 64), d.collabEditors);
    assertEquals(1000, d.collabDocs);
    assertEquals(10, d.editingSeconds);
    Options q = Options.parse("rest", "--quick");
    assertEquals(List.of(4, 16), q.collabEditors);
    assertEquals(100, q.collabDocs);
    assertEquals(3, q.editingSeconds);
    Options c = Options.parse("collab", "--collab-editors", "2, 8", "--collab-docs", "10", "--editing-seconds", "1");
    assertEquals(List.of(2, 8), c.collabEditors);
    assertEquals(10, c.collabDocs);
    assertEquals(1, c.editingSeconds);
    assertEquals(4, q.httpClients);
    assertEquals(4, q.mcpClients);
    assertEquals(5, q.httpSeconds);
    assertEquals(3, q.collabClients);
    assertEquals(5, q.collabSeconds);
    Options o = Options.parse("mcp", "--http-clients", "3", "--http-seconds=4", "--page-size", "5",
        "--mcp-url", "http://127.0.0.1:3000/mcp", "--mcp-tool", "read_topic", "--mcp-args", "{\"topic\":\"public.x\"}",
        "--mcp-peer-tool", "echo", "--mcp-peer-args={}", "--collab-clients", "6", "--collab-seconds", "7",
        "--edit-rate", "8", "--collab-seed", "9");
    assertEquals(3, o.httpClients);
    assertEquals(3, o.mcpClients);
    assertEquals(4, o.httpSeconds);
    assertEquals(5, o.pageSize);
    assertEquals("http://127.0.0.1:3000/mcp", o.mcpUrl);
    assertEquals("read_topic", o.mcpTool);
    assertEquals("public.x", o.mcpArgs.getString("topic"));
    assertEquals("echo", o.mcpPeerTool);
    assertTrue(o.mcpPeerArgs.isEmpty());
    assertEquals(6, o.collabClients);
    assertEquals(7, o.collabSeconds);
    assertEquals(8, o.editRate);
    assertEquals(9, o.collabSeed);
    assertEquals("read_topic", o.toJson().getString("mcpTool"));
    assertMessage("--mcp-args needs a JSON object", () -> Options.parse("mcp", "--mcp-args", "[1]"));
    assertEquals("http://127.0.0.1:3000/mcp", Options.parse("mcp", "--mcp-peer", "http://127.0.0.1:3000/mcp").mcpPeer);
    assertMessage("--mcp-peer goes with the mcp scenario only", () -> Options.parse("rest", "--mcp-peer", "http://x/mcp"));
    assertMessage("--mcp-url needs a http://", () -> Options.parse("mcp", "--mcp-url", "ws://x/mcp"));
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
    assertMessage("--encoding needs one of [json, msgpack]", () -> Options.parse("ping", "--encoding", "xml"));
    assertMessage("--pattern needs one of", () -> Options.parse("mixed", "--pattern", "wave"));
    assertMessage("--sizes needs a positive integer", () -> Options.parse("sizes", "--sizes", "93,,1024"));
    assertMessage("--senders allows at most", () -> Options.parse("senders", "--senders", "5000"));
  }

  @Test
  void scenarioOptionsOverrideTheProfile() {
    Options o = Options.parse("mixed", "--quick", "--encoding=msgpack", "--server-pid", "77", "--duration", "3",
        "--sizes", "100, 200", "--pattern", "spike", "--mixed-rate", "9", "--max-connections", "10", "--source-addresses", "999");
    assertEquals("msgpack", o.encoding);
    assertEquals(77, o.serverPid);
    assertEquals(3, o.duration);
    assertEquals(List.of(100, 200), o.sizes);
    assertEquals("spike", o.pattern);
    assertEquals(9, o.mixedRate);
    assertEquals(10, o.maxConnections);
    assertEquals(254, o.sourceAddresses);
    assertEquals(20, o.senders, "not given: the quick profile's");
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
