package io.switchboard.protocol.codec;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Unicode;
import io.switchboard.protocol.message.Publish;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * MsgPack bytes to the same normalized tree the JSON reader produces. Only the JSON-compatible
 * subset is accepted: string map keys, no bin/ext. Declared lengths are checked against the
 * bytes left before anything is allocated, so a forged header cannot allocate gigabytes.
 */
final class MsgPackFrameReader {

  private final byte[] bytes;
  private final MessageUnpacker unpacker;

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

  /**
   * The common {@code publish} frame read straight into its {@link Publish}, without the frame's map (the MsgPack twin
   * of {@link JsonPublishReader}, with the same rules): the fields are taken as they come and only the payload becomes
   * a tree, read by this reader's own {@link #value} (the same checks and depth bound). It answers only for a frame the
   * general path accepts with the same result; anything else — another type, an unknown or repeated field, a value of
   * an unexpected type or nil, a payload with a problem, trailing bytes, a frame {@link Publish} refuses — answers
   * null and the caller decodes the frame the general way, which gives the precise error. Why: the frame's map and
   * {@code TreeReader}'s look-ups were 17 % of a cluster node's samples under pipelined MsgPack publishes.
   * {@code MsgPackPublishReaderTest} checks the two paths agree.
   */
  static Publish tryReadPublish(byte[] bytes) {
    try {
      return new MsgPackFrameReader(bytes).publish();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private Publish publish() throws IOException {
    if (!unpacker.hasNext() || unpacker.getNextFormat().getValueType() != ValueType.MAP) {
      return null;
    }
    int n = unpacker.unpackMapHeader();
    requireBytes(2L * n);
    PublishFields f = new PublishFields();
    for (int i = 0; i < n; i++) {
      if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
        return null;
      }
      String key = string();
      MessageFormat format = unpacker.getNextFormat();
      ValueType type = format.getValueType();
      boolean taken = switch (key) {
        case "type" -> type == ValueType.STRING && f.type(string());
        case "id" -> type == ValueType.STRING && f.id(string());
        case "topic" -> type == ValueType.STRING && f.topic(string());
        case "payload" -> {
          if (f.hasPayload()) {
            yield false;
          }
          f.payload(value("payload", JsonValues.depthOfTopLevelValue("payload")));
          yield true;
        }
        case "priority" -> {
          if (type != ValueType.INTEGER || format == MessageFormat.UINT64) {
            yield false;
          }
          long level = unpacker.unpackLong();
          yield level >= Integer.MIN_VALUE && level <= Integer.MAX_VALUE && f.priority((int) level);
        }
        case "ack" -> type == ValueType.BOOLEAN && f.ack(unpacker.unpackBoolean());
        case "e2e" -> type == ValueType.BOOLEAN && f.e2e(unpacker.unpackBoolean());
        default -> false;
      };
      if (!taken) {
        return null;
      }
    }
    return unpacker.hasNext() ? null : f.publish();
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

  /**
   * A string read in place from the frame's bytes: checked as strict UTF-8 ({@link Unicode#isValidUtf8}, which answers
   * as the JDK's strict decoder does) and then made by {@code new String}, whose ASCII path is a copy. A strict
   * {@code CharsetDecoder} over a copy of the bytes, as before, was 16 % of a cluster node's samples delivering other
   * nodes' messages (every topic message crosses nodes as MsgPack) and the largest part of decoding a MsgPack publish.
   */
  private String string() throws IOException {
    int length = unpacker.unpackRawStringHeader();
    requireBytes(length);
    int at = (int) unpacker.getTotalReadBytes();
    unpacker.readPayloadAsReference(length); // moves past the string without copying it
    if (!Unicode.isValidUtf8(bytes, at, at + length)) {
      throw malformed("string is not valid UTF-8");
    }
    return new String(bytes, at, length, StandardCharsets.UTF_8);
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
