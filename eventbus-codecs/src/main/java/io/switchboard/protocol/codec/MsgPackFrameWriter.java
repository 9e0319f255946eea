package io.switchboard.protocol.codec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * A JSON tree to MsgPack: objects to maps, arrays to arrays, integers in their smallest MsgPack
 * form, other numbers always as float64 (so decode-then-encode is byte-identical).
 */
final class MsgPackFrameWriter {

  private MsgPackFrameWriter() {
  }

  /**
   * One packer per thread, cleared and reused: a new packer allocates its buffer through msgpack-core's reflective
   * {@code MessageBuffer.wrap}, which was 10 % of a publish's CPU (every accepted message is encoded once for the
   * topic log). A cleared packer keeps its last buffer.
   */
  private static final ThreadLocal<MessageBufferPacker> PACKERS = ThreadLocal.withInitial(MessagePack::newDefaultBufferPacker);

  static byte[] write(JsonObject tree) {
    MessageBufferPacker packer = PACKERS.get();
    packer.clear();
    try {
      value(packer, tree);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory packer: does not happen
    } catch (RuntimeException e) {
      PACKERS.remove(); // a half-written packer is not reused
      throw e;
    }
  }

  /**
   * A {@code deliver} frame written straight from the message, the same bytes as {@code write(TreeWriter.write(d))}
   * (same keys in the same order) without building the tree first: every accepted publish is encoded so for the
   * topic log, and building its map was the largest share of that (HashMap.putVal 4.7 % of a relaying node).
   */
  static byte[] writeDeliver(io.switchboard.protocol.message.Deliver d) {
    MessageBufferPacker packer = PACKERS.get();
    packer.clear();
    try {
      packer.packMapHeader(8 + (d.e2e() ? 1 : 0) + (d.origin() != null ? 1 : 0) + (d.sig() != null ? 1 : 0));
      packer.packString("type").packString(d.type().wire());
      packer.packString("topic").packString(d.topic());
      packer.packString("epoch").packString(d.epoch());
      packer.packString("seq").packLong(d.seq());
      packer.packString("messageId").packString(d.messageId());
      packer.packString("publisher").packString(d.publisher());
      packer.packString("ts").packLong(d.ts());
      packer.packString("payload");
      value(packer, d.payload());
      if (d.e2e()) {
        packer.packString("e2e").packBoolean(true);
      }
      if (d.origin() != null) {
        packer.packString("origin").packString(d.origin());
      }
      if (d.sig() != null) {
        packer.packString("sig").packString(d.sig());
      }
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      PACKERS.remove();
      throw e;
    }
  }

  private static void value(MessagePacker p, Object v) throws IOException {
    if (v == null) {
      p.packNil();
    } else if (v instanceof String s) {
      p.packString(s);
    } else if (v instanceof Boolean b) {
      p.packBoolean(b);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      p.packLong(((Number) v).longValue());
    } else if (v instanceof BigInteger big) {
      p.packBigInteger(big); // throws IllegalArgumentException beyond uint64
    } else if (v instanceof Double d) {
      p.packDouble(d);
    } else if (v instanceof Float f) {
      p.packDouble(Double.parseDouble(f.toString())); // same digits the JSON writer prints
    } else if (v instanceof BigDecimal d) {
      p.packDouble(d.doubleValue());
    } else if (v instanceof JsonObject obj) {
      map(p, obj.getMap());
    } else if (v instanceof Map<?, ?> map) {
      map(p, map);
    } else if (v instanceof JsonArray array) {
      list(p, array.getList());
    } else if (v instanceof List<?> list) {
      list(p, list);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  private static void map(MessagePacker p, Map<?, ?> map) throws IOException {
    p.packMapHeader(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      p.packString(String.valueOf(e.getKey()));
      value(p, e.getValue());
    }
  }

  private static void list(MessagePacker p, List<?> list) throws IOException {
    p.packArrayHeader(list.size());
    for (Object item : list) {
      value(p, item);
    }
  }
}
