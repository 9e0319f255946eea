package io.switchboard.load.client;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental Server-Sent Events parser (the WHATWG event-stream rules): fed the body chunk by chunk as it
 * arrives, it emits one {@link Event} per blank-line-terminated block that has data. Lines end in LF, CR or
 * CRLF, also when a chunk boundary falls between CR and LF or inside a UTF-8 character; {@code data:} lines
 * are joined with LF; one space after the colon is dropped; comments ({@code :...}) and {@code retry} are
 * ignored; a block without data (the MCP priming event) updates the last event id but emits nothing.
 * Not thread-safe: one parser per response.
 */
public final class SseParser {

  /** One dispatched event; {@code id} is the last event id seen on the stream (may be empty). */
  public record Event(String id, String event, String data) {
  }

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String eventType = "";
  private String lastId = "";
  private boolean afterCr;

  public void feed(Buffer chunk, Consumer<Event> out) {
    byte[] bytes = chunk.getBytes();
    for (byte b : bytes) {
      if (afterCr) {
        afterCr = false;
        if (b == '\n') {
          continue; // the LF of a CRLF
        }
      }
      if (b == '\r' || b == '\n') {
        afterCr = b == '\r';
        line(line.toString(StandardCharsets.UTF_8), out);
        line.reset();
      } else {
        line.write(b);
      }
    }
  }

  private void line(String l, Consumer<Event> out) {
    if (l.isEmpty()) {
      if (hasData) {
        out.accept(new Event(lastId, eventType.isEmpty() ? "message" : eventType, data.toString()));
      }
      data.setLength(0);
      hasData = false;
      eventType = "";
      return;
    }
    if (l.charAt(0) == ':') {
      return;
    }
    int colon = l.indexOf(':');
    String field = colon < 0 ? l : l.substring(0, colon);
    String value = colon < 0 ? "" : l.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> eventType = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastId = value;
        }
      }
      default -> {
        // retry and unknown fields: nothing to do for a load client
      }
    }
  }
}
