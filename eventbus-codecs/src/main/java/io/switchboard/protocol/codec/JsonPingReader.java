package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.protocol.message.Ping;

import java.io.IOException;

/**
 * The {@code ping} frame ({@code {"type":"ping","ts":<integer>}}) read straight into its {@link Ping}, without the
 * frame's tree, as {@link JsonPublishReader} reads a publish: a keepalive's whole cost is its overhead, and building
 * the tree and reading it back was a third of a ping's samples (the {@code ceiling} scenario's pipelined pings).
 * <p>It answers only for a frame the general path accepts with the same result — exactly the two fields, in any
 * order, {@code ts} an integer that fits a long; anything else (another type, another or a repeated field, a
 * fraction, a big integer, malformed JSON) answers {@code null}, and the general path decides, with its precise
 * error. {@code FramesPingFastPathTest} checks the two paths agree.
 */
final class JsonPingReader {

  private JsonPingReader() {
  }

  /** The frame's {@code ping}, or null when the general path must decide. The bytes hold no backslash-u escape. */
  static Ping tryRead(byte[] utf8) {
    try (JsonParser p = JsonFrameReader.FACTORY.createParser(utf8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      boolean typed = false;
      Long ts = null;
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        if ("type".equals(key) && !typed && t == JsonToken.VALUE_STRING && "ping".equals(p.getText())) {
          typed = true;
        } else if ("ts".equals(key) && ts == null && t == JsonToken.VALUE_NUMBER_INT
            && (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG)) {
          ts = p.getLongValue();
        } else {
          return null;
        }
      }
      return typed && ts != null && p.nextToken() == null ? new Ping(ts) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
