package io.switchboard.protocol.eventbus;

import io.switchboard.protocol.codec.Envelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Event-bus codec for {@link FanoutBatch}. Locally {@link #transform} returns the same immutable instance. Across
 * nodes: {@code [version byte = 1][int32 origin length][origin, UTF-8][int32 count]}, then per message
 * {@code [int32 priority][int32 length][the envelope's wire form]} ({@link EnvelopeCodec}: its topic, then its MsgPack
 * frame, decoded on the receiving node only when a subscriber there needs it).
 *
 * <p>Register once per {@code Vertx} with {@link #register(EventBus)} (idempotent).
 */
public final class FanoutBatchCodec extends SharedBodyCodec<FanoutBatch> {

  public static final String NAME = "switchboard.fanout-batch.v1";
  static final byte WIRE_VERSION = 1;

  private static final FanoutBatchCodec INSTANCE = new FanoutBatchCodec();

  private FanoutBatchCodec() {
    super(NAME);
  }

  public static FanoutBatchCodec instance() {
    return INSTANCE;
  }

  /** Registers the codec as the default for {@link FanoutBatch}; calling it again is harmless. */
  public static void register(EventBus eventBus) {
    SharedBodyCodec.register(eventBus, FanoutBatch.class, INSTANCE);
  }

  @Override
  public void encodeToWire(Buffer buffer, FanoutBatch batch) {
    byte[] origin = batch.origin().getBytes(StandardCharsets.UTF_8);
    buffer.appendByte(WIRE_VERSION).appendInt(origin.length).appendBytes(origin).appendInt(batch.size());
    EnvelopeCodec envelopes = EnvelopeCodec.instance();
    for (int i = 0; i < batch.size(); i++) {
      buffer.appendInt(batch.priority(i));
      int lengthAt = buffer.length();
      buffer.appendInt(0);
      envelopes.encodeToWire(buffer, batch.envelope(i));
      buffer.setInt(lengthAt, buffer.length() - lengthAt - 4);
    }
  }

  @Override
  public FanoutBatch decodeFromWire(int pos, Buffer buffer) {
    byte version = buffer.getByte(pos);
    if (version != WIRE_VERSION) {
      throw new IllegalStateException("fan-out batch wire version " + version + " not supported (expected "
        + WIRE_VERSION + ")");
    }
    int originLength = buffer.getInt(pos + 1);
    String origin = buffer.getString(pos + 5, pos + 5 + originLength, "UTF-8");
    int at = pos + 5 + originLength;
    int count = buffer.getInt(at);
    at += 4;
    List<Envelope> envelopes = new ArrayList<>(count);
    int[] priorities = new int[count];
    EnvelopeCodec codec = EnvelopeCodec.instance();
    for (int i = 0; i < count; i++) {
      priorities[i] = buffer.getInt(at);
      int length = buffer.getInt(at + 4);
      envelopes.add(codec.decodeFromWire(at + 8, buffer));
      at += 8 + length;
    }
    return new FanoutBatch(origin, envelopes, priorities);
  }
}
