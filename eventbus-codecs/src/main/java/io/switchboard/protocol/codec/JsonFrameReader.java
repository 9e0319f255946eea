package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to a normalized tree ({@link JsonValues}' number model and depth bound) in one pass; every parser failure
 * becomes {@code malformed}.
 *
 * <p>Why not {@code Json.decodeValue} followed by {@link JsonValues#normalizeFrame}, as before: that reads a Buffer
 * through an {@code InputStream} (Jackson then detects the encoding and copies the bytes into its own buffer), leaves
 * nested values as raw maps and lists, and a second pass walks the whole tree again to wrap them and widen the
 * numbers. On a JSON publish that was 19 % of a node's samples under {@code throughput}. Here Jackson reads the
 * frame's byte array in place and each value is built in its final form. What the client sees is unchanged: the same
 * parser features as Vert.x's (comments allowed, Jackson's default read constraints), the last of duplicate keys
 * wins, the same error codes, fields and messages.
 */
final class JsonFrameReader {

  /** Configured as Vert.x's own {@code JacksonCodec} factory, so that a frame parses here as it does there. */
  static final JsonFactory FACTORY = new JsonFactory().configure(JsonParser.Feature.ALLOW_COMMENTS, true);

  private JsonFrameReader() {
  }

  static JsonObject read(Buffer frame) {
    return read(frame.getBytes(), true);
  }

  /**
   * @param utf8         the frame's bytes
   * @param checkUnicode false only when the bytes are known to be valid UTF-8 and hold no backslash-u escape, the
   *                     one way JSON can spell a lone surrogate
   */
  static JsonObject read(byte[] utf8, boolean checkUnicode) {
    try (JsonParser p = FACTORY.createParser(utf8)) {
      return parse(p, checkUnicode);
    } catch (IOException | RuntimeException e) {
      throw e instanceof ProtocolException pe ? pe : malformed(e);
    }
  }

  static JsonObject read(String frame) {
    try (JsonParser p = FACTORY.createParser(frame)) {
      // A lone surrogate can only come from a backslash-u escape (the text itself is decoded UTF-8): look only then.
      return parse(p, frame.indexOf("\\u") >= 0);
    } catch (IOException | RuntimeException e) {
      throw e instanceof ProtocolException pe ? pe : malformed(e);
    }
  }

  private static JsonObject parse(JsonParser p, boolean checkUnicode) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new ProtocolException(ErrorCode.MALFORMED, null, "invalid JSON: no content");
    }
    Builder b = new Builder();
    Object value = first == JsonToken.START_OBJECT ? b.frame(p) : b.value(p, "", 2);
    if (p.nextToken() != null) {
      throw new ProtocolException(ErrorCode.MALFORMED, null, "invalid JSON: Unexpected trailing token");
    }
    if (!(value instanceof JsonObject obj)) {
      throw new ProtocolException(ErrorCode.MALFORMED, null, "a frame must be a JSON object");
    }
    String ref = obj.getValue("id") instanceof String id ? id : null;
    if (checkUnicode) {
      String bad = io.switchboard.protocol.Unicode.problemIn(obj, "");
      if (bad != null) {
        throw new ProtocolException(ErrorCode.INVALID_FIELD, bad, io.switchboard.protocol.Unicode.refusal(bad)).withRef(ref);
      }
    }
    if (b.problem != null) {
      throw b.problem.withRef(ref);
    }
    return obj;
  }

  /**
   * Builds values in their final form. A value too deep or a number out of range is recorded (the first one) and the
   * parse goes on, so that the refusal can name the frame's {@code id}, which may come after it.
   */
  static final class Builder {
    ProtocolException problem;

    /** The top-level object: its values are depth 2, except a batch's {@code messages}' elements (frames: depth 1). */
    JsonObject frame(JsonParser p) throws IOException {
      Map<String, Object> map = new LinkedHashMap<>();
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        p.nextToken();
        map.put(key, value(p, key, JsonValues.depthOfTopLevelValue(key)));
      }
      return new JsonObject(map);
    }

    /** The value at the parser's current token; {@code field} is the top-level key it is under, for errors. */
    Object value(JsonParser p, String field, int depth) throws IOException {
      switch (p.currentToken()) {
        case START_OBJECT -> {
          checkDepth(field, depth);
          Map<String, Object> map = new LinkedHashMap<>();
          for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            p.nextToken();
            map.put(key, value(p, field, depth + 1));
          }
          return new JsonObject(map);
        }
        case START_ARRAY -> {
          checkDepth(field, depth);
          List<Object> list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(value(p, field, depth + 1));
          }
          return new JsonArray(list);
        }
        case VALUE_STRING -> {
          return p.getText();
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          try {
            return JsonValues.number(p.getNumberValue(), field);
          } catch (ProtocolException e) {
            record(e);
            return 0L;
          }
        }
        case VALUE_TRUE -> {
          return Boolean.TRUE;
        }
        case VALUE_FALSE -> {
          return Boolean.FALSE;
        }
        case VALUE_NULL -> {
          return null;
        }
        default -> throw new ProtocolException(ErrorCode.MALFORMED, null, "invalid JSON: unexpected " + p.currentToken());
      }
    }

    private void checkDepth(String field, int depth) {
      try {
        JsonValues.checkDepth(field, depth);
      } catch (ProtocolException e) {
        record(e);
      }
    }

    private void record(ProtocolException e) {
      if (problem == null) {
        problem = e;
      }
    }
  }

  private static ProtocolException malformed(Exception e) {
    // Jackson's message names line/column, useful to the client; its class name is not.
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = detail.indexOf('\n');
    return new ProtocolException(ErrorCode.MALFORMED, null, "invalid JSON: " + (cut > 0 ? detail.substring(0, cut) : detail));
  }
}
