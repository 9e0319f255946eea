package io.switchboard.protocol.codec;

import io.switchboard.protocol.message.MessageType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * A JSON tree to MsgPack: objects to maps, arrays to arrays, integers in their smallest MsgPack
 * form, other numbers always as float64 (so decode-then-encode is byte-identical).
 */
final class MsgPackFrameWriter {

  private MsgPackFrameWriter() {
  }

  /**
   * One packer per thread, reused: a new packer allocates its buffer through msgpack-core's reflective
   * {@code MessageBuffer.wrap}, which was 10 % of a publish's CPU (every accepted message is encoded once for the
   * topic log). The packer writes into {@link ReusedOutput}, which hands it the same buffer every time; msgpack-core's
   * own {@code ArrayBufferOutput} sliced a new view per frame and allocated a fresh 8 KiB buffer every few dozen
   * frames (5 % of a JSON publish's samples after the first change).
   */
  private static final ThreadLocal<Packer> PACKERS = ThreadLocal.withInitial(Packer::new);

  /** A thread's packer and its output. */
  private static final class Packer {
    final ReusedOutput out = new ReusedOutput();
    final MessagePacker packer = MessagePack.newDefaultPacker(out);

    MessagePacker start() {
      out.reset();
      return packer;
    }

    byte[] finish() throws IOException {
      packer.flush();
      return out.toByteArray();
    }
  }

  static byte[] write(JsonObject tree) {
    Packer thread = PACKERS.get();
    try {
      value(thread.start(), tree);
      return thread.finish();
    } catch (IOException e) {
      PACKERS.remove();
      throw new UncheckedIOException(e); // in-memory packer: does not happen
    } catch (RuntimeException e) {
      PACKERS.remove(); // a half-written packer is not reused
      throw e;
    }
  }

  /** The keys (and the type's value) of a deliver frame, packed once: not encoded again for every frame. */
  private static final byte[] TYPE_DELIVER = packed("type", MessageType.DELIVER.wire());
  private static final byte[] TOPIC = packed("topic");
  private static final byte[] EPOCH = packed("epoch");
  private static final byte[] SEQ = packed("seq");
  private static final byte[] MESSAGE_ID = packed("messageId");
  private static final byte[] PUBLISHER = packed("publisher");
  private static final byte[] TS = packed("ts");
  private static final byte[] PAYLOAD = packed("payload");
  private static final byte[] E2E = packed("e2e");
  private static final byte[] ORIGIN = packed("origin");
  private static final byte[] SIG = packed("sig");

  private static byte[] packed(String... strings) {
    try (org.msgpack.core.MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      for (String s : strings) {
        p.packString(s);
      }
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A {@code deliver} frame written straight from the message, the same bytes as {@code write(TreeWriter.write(d))}
   * (same keys in the same order) without building the tree first: every accepted publish is encoded so for the
   * topic log, and building its map was the largest share of that (HashMap.putVal 4.7 % of a relaying node).
   */
  static byte[] writeDeliver(io.switchboard.protocol.message.Deliver d) {
    Packer thread = PACKERS.get();
    try {
      MessagePacker packer = thread.start();
      packer.packMapHeader(8 + (d.e2e() ? 1 : 0) + (d.origin() != null ? 1 : 0) + (d.sig() != null ? 1 : 0));
      packer.writePayload(TYPE_DELIVER);
      packer.writePayload(TOPIC).packString(d.topic());
      packer.writePayload(EPOCH).packString(d.epoch());
      packer.writePayload(SEQ).packLong(d.seq());
      packer.writePayload(MESSAGE_ID).packString(d.messageId());
      packer.writePayload(PUBLISHER).packString(d.publisher());
      packer.writePayload(TS).packLong(d.ts());
      packer.writePayload(PAYLOAD);
      value(packer, d.payload());
      if (d.e2e()) {
        packer.writePayload(E2E).packBoolean(true);
      }
      if (d.origin() != null) {
        packer.writePayload(ORIGIN).packString(d.origin());
      }
      if (d.sig() != null) {
        packer.writePayload(SIG).packString(d.sig());
      }
      return thread.finish();
    } catch (IOException e) {
      PACKERS.remove();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      PACKERS.remove();
      throw e;
    }
  }

  /**
   * The frame {@link #writeDeliver} writes for {@code d} with another epoch, seq and ts, made from {@code d}'s frame
   * {@code frame} by replacing those three values' bytes, or null if {@code frame} is not laid out as
   * {@link #writeDeliver} lays it out (then the caller encodes the message). Why: every accepted message was encoded
   * twice, once with placeholders for the topic log (its position is known only after the append) and once stamped,
   * for the cluster wire and MsgPack subscribers; the payload, the bulk of the work, is now packed once.
   */
  static byte[] restampDeliver(byte[] frame, String epoch, long seq, long ts) {
    if (frame.length == 0 || (frame[0] & 0xf0) != 0x80 || !has(frame, 1, TYPE_DELIVER)) {
      return null;
    }
    int topic = 1 + TYPE_DELIVER.length;
    int epochKey = has(frame, topic, TOPIC) ? skipString(frame, topic + TOPIC.length) : -1;
    int epochValue = epochKey + EPOCH.length;
    int seqKey = has(frame, epochKey, EPOCH) ? skipString(frame, epochValue) : -1;
    int messageIdKey = has(frame, seqKey, SEQ) ? skipInteger(frame, seqKey + SEQ.length) : -1;
    int publisherKey = has(frame, messageIdKey, MESSAGE_ID) ? skipString(frame, messageIdKey + MESSAGE_ID.length) : -1;
    int tsKey = has(frame, publisherKey, PUBLISHER) ? skipString(frame, publisherKey + PUBLISHER.length) : -1;
    int tsValue = tsKey + TS.length;
    int payloadKey = has(frame, tsKey, TS) ? skipInteger(frame, tsValue) : -1;
    if (!has(frame, payloadKey, PAYLOAD)) {
      return null;
    }
    // The thread's packer is taken and dropped on failure here as in writeDeliver, not through one helper taking a
    // lambda: that helper measured 30 ns more per frame (212 -> 241 ns for writeDeliver), its call site megamorphic.
    Packer thread = PACKERS.get();
    try {
      MessagePacker packer = thread.start();
      packer.writePayload(frame, 0, epochValue);
      packer.packString(epoch);
      packer.writePayload(SEQ).packLong(seq);
      packer.writePayload(frame, messageIdKey, tsValue - messageIdKey);
      packer.packLong(ts);
      packer.writePayload(frame, payloadKey, frame.length - payloadKey);
      return thread.finish();
    } catch (IOException e) {
      PACKERS.remove();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      PACKERS.remove();
      throw e;
    }
  }

  /** Whether {@code bytes} holds {@code expected} at {@code at} (false for a position of -1: not found before). */
  private static boolean has(byte[] bytes, int at, byte[] expected) {
    if (at < 0 || at + expected.length > bytes.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (bytes[at + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** Where the MsgPack string at {@code at} ends, or -1 if none starts there. */
  private static int skipString(byte[] b, int at) {
    if (at < 0 || at >= b.length) {
      return -1;
    }
    int f = b[at] & 0xff;
    long end;
    if ((f & 0xe0) == 0xa0) {
      end = at + 1L + (f & 0x1f);
    } else if (f == 0xd9 && at + 1 < b.length) {
      end = at + 2L + (b[at + 1] & 0xff);
    } else if (f == 0xda && at + 2 < b.length) {
      end = at + 3L + ((b[at + 1] & 0xff) << 8 | b[at + 2] & 0xff);
    } else if (f == 0xdb && at + 4 < b.length) {
      end = at + 5L + ((b[at + 1] & 0xffL) << 24 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 8 | b[at + 4] & 0xff);
    } else {
      return -1;
    }
    return end <= b.length ? (int) end : -1;
  }

  /** Where the MsgPack integer at {@code at} ends, or -1 if none starts there. */
  private static int skipInteger(byte[] b, int at) {
    if (at < 0 || at >= b.length) {
      return -1;
    }
    int f = b[at] & 0xff;
    int size = f <= 0x7f || f >= 0xe0 ? 0 : switch (f) {
      case 0xcc, 0xd0 -> 1;
      case 0xcd, 0xd1 -> 2;
      case 0xce, 0xd2 -> 4;
      case 0xcf, 0xd3 -> 8;
      default -> -1;
    };
    return size < 0 || at + 1 + size > b.length ? -1 : at + 1 + size;
  }

  /**
   * A {@code ready} frame: its head (type, connection id, user, node, protocol, server time) packed here, then the
   * entries that are the same for every connection of a gateway, packed once ({@link ReadyFrames}).
   */
  static byte[] writeReady(io.switchboard.protocol.message.Ready r, int entries, byte[] constantEntries) {
    Packer thread = PACKERS.get();
    try {
      MessagePacker packer = thread.start();
      packer.packMapHeader(entries);
      packer.packString("type").packString(MessageType.READY.wire());
      packer.packString("connectionId").packString(r.connectionId());
      packer.packString("user").packString(r.user());
      packer.packString("nodeId").packString(r.nodeId());
      packer.packString("protocol").packLong(r.protocol()); // as the generic writer packs any integer
      packer.packString("serverTime").packLong(r.serverTime());
      packer.writePayload(constantEntries);
      return thread.finish();
    } catch (IOException e) {
      PACKERS.remove();
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
      string(p, s);
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

  /**
   * A string as {@code packString} packs it, through {@code String.getBytes} whatever its length. Why: from 512
   * characters on, msgpack-core encodes through a {@code CharsetEncoder} over a {@code CharBuffer} view, a call per
   * character; a 16 KiB string payload spent 37 % of a node's samples there, encoded once per publish for the topic
   * log. {@code getBytes} is what msgpack-core itself uses below 512 characters (the same bytes: a str header of the
   * UTF-8 length, then the UTF-8).
   */
  private static void string(MessagePacker p, String s) throws IOException {
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    p.packRawStringHeader(utf8.length);
    p.writePayload(utf8);
  }

  private static void map(MessagePacker p, Map<?, ?> map) throws IOException {
    p.packMapHeader(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      string(p, String.valueOf(e.getKey()));
      value(p, e.getValue());
    }
  }

  private static void list(MessagePacker p, List<?> list) throws IOException {
    p.packArrayHeader(list.size());
    for (Object item : list) {
      value(p, item);
    }
  }

  /**
   * The packer's output: the same scratch buffer for every frame (grown only for a larger request), what the packer
   * flushes gathered in the thread's {@link FrameBytes}, copied out once per frame.
   */
  private static final class ReusedOutput implements MessageBufferOutput {
    private static final int SCRATCH = 8192;

    private MessageBuffer scratch = MessageBuffer.allocate(SCRATCH);
    private final FrameBytes bytes = new FrameBytes();

    void reset() {
      bytes.reset();
      if (scratch.size() > FrameBytes.KEEP_AT_MOST) {
        scratch = MessageBuffer.allocate(SCRATCH);
      }
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }

    @Override
    public MessageBuffer next(int minimumSize) {
      if (scratch.size() < minimumSize) {
        scratch = MessageBuffer.allocate(minimumSize);
      }
      return scratch;
    }

    @Override
    public void writeBuffer(int length) {
      bytes.write(scratch, length);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
      bytes.write(buffer, offset, length);
    }

    @Override
    public void add(byte[] buffer, int offset, int length) {
      bytes.write(buffer, offset, length); // the caller may reuse its array: copied, never kept
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  }
}
