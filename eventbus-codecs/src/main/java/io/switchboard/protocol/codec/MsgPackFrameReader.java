package io.switchboard.protocol.codec;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * MsgPack bytes to the same normalized tree the JSON reader produces. Only the JSON-compatible
 * subset is accepted: string map keys, no bin/ext. Declared lengths are checked against the
 * bytes left before anything is allocated, so a forged header cannot allocate gigabytes.
 */
final class MsgPackFrameReader {

  private final byte[] bytes;
  private final MessageUnpacker unpacker;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** The frame's top-level {@code id}, once read, so value errors after it can refer to it. */
  private String frameId;

  private MsgPackFrameReader(byte[] bytes) {
    this.bytes = bytes;
    this.unpacker = MessagePack.newDefaultUnpacker(bytes);
  }

  static JsonObject read(byte[] bytes) {
    MsgPackFrameReader reader = new MsgPackFrameReader(bytes);
    try {
      return reader.frame();
    } catch (ProtocolException e) {
      throw e.withRef(reader.frameId);
    } catch (IOException | RuntimeException e) {
      // truncated input, bad format byte, integer overflow ...: all "not valid MsgPack"
      throw malformed("invalid MsgPack: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  private JsonObject frame() throws IOException {
    if (!unpacker.hasNext()) {
      throw malformed("empty frame");
    }
    if (unpacker.getNextFormat().getValueType() != org.msgpack.value.ValueType.MAP) {
      throw malformed("a frame must be a MsgPack map");
    }
    JsonObject frame = map(null, 1);
    if (unpacker.hasNext()) {
      throw malformed("trailing bytes after the frame");
    }
    return frame;
  }

  private JsonObject map(String field, int depth) throws IOException {
    JsonValues.checkDepth(field, depth);
    int n = unpacker.unpackMapHeader();
    requireBytes(2L * n);
    Map<String, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
    for (int i = 0; i < n; i++) {
      if (unpacker.getNextFormat().getValueType() != org.msgpack.value.ValueType.STRING) {
        throw malformed("map keys must be strings");
      }
      String key = string();
      Object value = field == null ? value(key, JsonValues.depthOfTopLevelValue(key)) : value(field, depth + 1);
      if (field == null && key.equals("id") && value instanceof String id) {
        frameId = id;
      }
      map.put(key, value);
    }
    return new JsonObject(map);
  }

  private Object value(String field, int depth) throws IOException {
    MessageFormat format = unpacker.getNextFormat();
    switch (format.getValueType()) {
      case NIL:
        unpacker.unpackNil();
        return null;
      case BOOLEAN:
        return unpacker.unpackBoolean();
      case INTEGER:
        if (format == MessageFormat.UINT64) {
          BigInteger big = unpacker.unpackBigInteger();
          return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        return unpacker.unpackLong();
      case FLOAT:
        return JsonValues.finite(unpacker.unpackDouble(), field);
      case STRING:
        return string();
      case ARRAY: {
        JsonValues.checkDepth(field, depth);
        int n = unpacker.unpackArrayHeader();
        requireBytes(n);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(value(field, depth + 1));
        }
        return new JsonArray(list);
      }
      case MAP:
        return map(field, depth);
      default:
        throw malformed("MsgPack " + format.getValueType().name().toLowerCase() + " values are not part of the protocol");
    }
  }

  private String string() throws IOException {
    int length = unpacker.unpackRawStringHeader();
    requireBytes(length);
    byte[] raw = unpacker.readPayload(length);
    try {
      return utf8.decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw malformed("string is not valid UTF-8");
    }
  }

  private void requireBytes(long needed) {
    if (needed > bytes.length - unpacker.getTotalReadBytes()) {
      throw malformed("declared length exceeds the frame");
    }
  }

  private static ProtocolException malformed(String message) {
    return new ProtocolException(ErrorCode.MALFORMED, null, message);
  }
}
