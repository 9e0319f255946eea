package io.switchboard.protocol.codec;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** JSON text to a normalized tree; every parser failure becomes {@code malformed}. */
final class JsonFrameReader {

  private JsonFrameReader() {
  }

  static JsonObject read(Buffer frame) {
    return read(frame, true);
  }

  /**
   * @param checkUnicode false only when the bytes are known to be valid UTF-8 and hold no backslash-u escape, the
   *                     one way JSON can spell a lone surrogate
   */
  static JsonObject read(Buffer frame, boolean checkUnicode) {
    Object value;
    try {
      value = Json.decodeValue(frame);
    } catch (RuntimeException e) {
      throw malformed(e);
    }
    return top(value, checkUnicode);
  }

  static JsonObject read(String frame) {
    Object value;
    try {
      value = Json.decodeValue(frame);
    } catch (RuntimeException e) {
      throw malformed(e);
    }
    // A lone surrogate can only come from a backslash-u escape (the text itself is decoded UTF-8): look only then.
    return top(value, frame.indexOf("\\u") >= 0);
  }

  private static JsonObject top(Object value, boolean checkUnicode) {
    if (!(value instanceof JsonObject obj)) {
      throw new ProtocolException(ErrorCode.MALFORMED, null, "a frame must be a JSON object");
    }
    try {
      if (checkUnicode) {
        String bad = io.switchboard.protocol.Unicode.problemIn(obj, "");
        if (bad != null) {
          throw new ProtocolException(ErrorCode.INVALID_FIELD, bad, io.switchboard.protocol.Unicode.refusal(bad));
        }
      }
      return JsonValues.normalizeFrame(obj);
    } catch (ProtocolException e) {
      throw e.withRef(obj.getValue("id") instanceof String id ? id : null);
    }
  }

  private static ProtocolException malformed(RuntimeException e) {
    // Jackson's message names line/column, useful to the client; its class name is not.
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = detail.indexOf('\n');
    return new ProtocolException(ErrorCode.MALFORMED, null, "invalid JSON: " + (cut > 0 ? detail.substring(0, cut) : detail));
  }
}
