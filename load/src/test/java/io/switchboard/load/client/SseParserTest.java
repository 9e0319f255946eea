package io.switchboard.load.client;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseParserTest {

  private static List<SseParser.Event> parse(String... chunks) {
    SseParser p = new SseParser();
    List<SseParser.Event> out = new ArrayList<>();
    for (String c : chunks) {
      p.feed(Buffer.buffer(c), out::add);
    }
    return out;
  }

  @Test
  void primingEventWithoutDataEmitsNothingButSetsTheId() {
    List<SseParser.Event> events = parse("id: s-0\nretry: 1000\ndata: \n\n", "event: message\ndata: {\"a\":1}\n\n");
    // "data: " is a data line with an empty value: the priming event of the spec has one, so it is emitted empty
    assertEquals(2, events.size());
    assertEquals("", events.get(0).data());
    assertEquals("s-0", events.get(1).id());
    assertEquals("{\"a\":1}", events.get(1).data());
    assertEquals("message", events.get(1).event());
  }

  @Test
  void blockWithoutDataLinesIsNotDispatched() {
    List<SseParser.Event> events = parse("id: 7\nretry: 10\n\n: a comment\n\ndata:x\n\n");
    assertEquals(1, events.size());
    assertEquals(new SseParser.Event("7", "message", "x"), events.get(0));
  }

  @Test
  void multiLineDataAndAllLineEndings() {
    List<SseParser.Event> events = parse("data: a\r\ndata: b\rdata:c\n\r\nevent: e\ndata\n\n");
    assertEquals(2, events.size());
    assertEquals("a\nb\nc", events.get(0).data());
    assertEquals(new SseParser.Event("", "e", ""), events.get(1));
  }

  @Test
  void chunkBoundariesAnywhere() {
    String stream = "id: x-1\r\nevent: message\r\ndata: {\"t\":\"é😀\"}\r\n\r\ndata: 2\n\n";
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      SseParser p = new SseParser();
      List<SseParser.Event> out = new ArrayList<>();
      p.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, 0, cut)), out::add);
      p.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, cut, bytes.length)), out::add);
      assertEquals(List.of(new SseParser.Event("x-1", "message", "{\"t\":\"é😀\"}"), new SseParser.Event("x-1", "message", "2")),
          out, "cut at byte " + cut);
    }
  }

  @Test
  void incompleteEventAtTheEndIsNotDispatched() {
    assertEquals(List.of(), parse("data: half"));
  }
}
