package io.switchboard.protocol.eventbus;

import java.nio.charset.StandardCharsets;

import io.switchboard.protocol.codec.Envelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;

/**
 * Event-bus codec for {@link Envelope} (the deliver/publish envelope that crosses nodes).
 *
 * <p>Locally {@link #transform} returns the same immutable instance, so every verticle on the
 * node shares one envelope and its cached frames. Across nodes the wire form is compact:
 * {@code [version byte = 3][int32 topic length][topic, UTF-8][int32 epoch length][epoch, UTF-8][int64 seq][int64 ts]
 * [int32 length][MsgPack frame]} for a deliver ({@code [1][int32 length][MsgPack frame]} for other messages, and as
 * older nodes sent every message). The receiver keeps the MsgPack bytes as the envelope's MsgPack frame, so binary
 * subscribers never re-encode, and decodes them only when asked ({@link Envelope#lazy}): every node receives every
 * topic message, and one with no subscriber for the topic drops it after reading the topic alone (a 3-node profile:
 * 23 % of the cluster's CPU was a node decoding messages nobody there had subscribed to); the position and time beside
 * it are what ordering, duplicate checks and metrics read, so a message is delivered without being decoded (version
 * 2, the topic alone, made every delivered message decoded: 55 % of a receiving node's samples).
 *
 * <p>Register once per {@code Vertx} with {@link #register(EventBus)} (idempotent), e.g. in the
 * code that creates the Vertx instance, never in a verticle's {@code start()} alone.
 */
public final class EnvelopeCodec extends SharedBodyCodec<Envelope> {

  public static final String NAME = "switchboard.envelope.v1";
  static final byte WIRE_VERSION = 3;
  static final byte WIRE_VERSION_EAGER = 1;

  private static final EnvelopeCodec INSTANCE = new EnvelopeCodec();

  private EnvelopeCodec() {
    super(NAME);
  }

  public static EnvelopeCodec instance() {
    return INSTANCE;
  }

  /**
   * Registers the codec as the default codec for {@link Envelope} on this event bus, so
   * {@code eventBus.publish(address, envelope)} needs no {@code DeliveryOptions}. Calling it
   * again (from another verticle instance) is harmless.
   */
  public static void register(EventBus eventBus) {
    SharedBodyCodec.register(eventBus, Envelope.class, INSTANCE);
  }

  @Override
  public void encodeToWire(Buffer buffer, Envelope envelope) {
    Buffer frame = envelope.msgpack();
    String topic = envelope.topic();
    if (topic == null) {
      buffer.appendByte(WIRE_VERSION_EAGER).appendInt(frame.length()).appendBuffer(frame);
      return;
    }
    byte[] name = topic.getBytes(StandardCharsets.UTF_8);
    byte[] epoch = envelope.epoch().getBytes(StandardCharsets.UTF_8);
    buffer.appendByte(WIRE_VERSION).appendInt(name.length).appendBytes(name).appendInt(epoch.length).appendBytes(epoch)
      .appendLong(envelope.seq()).appendLong(envelope.ts()).appendInt(frame.length()).appendBuffer(frame);
  }

  @Override
  public Envelope decodeFromWire(int pos, Buffer buffer) {
    byte version = buffer.getByte(pos);
    if (version == WIRE_VERSION_EAGER) {
      int length = buffer.getInt(pos + 1);
      return Envelope.fromMsgPack(buffer.getBuffer(pos + 5, pos + 5 + length));
    }
    if (version != WIRE_VERSION) {
      throw new IllegalStateException("envelope wire version " + version + " not supported (expected " + WIRE_VERSION_EAGER
        + " or " + WIRE_VERSION + ")");
    }
    int nameLength = buffer.getInt(pos + 1);
    String topic = buffer.getString(pos + 5, pos + 5 + nameLength, "UTF-8");
    int at = pos + 5 + nameLength;
    int epochLength = buffer.getInt(at);
    String epoch = buffer.getString(at + 4, at + 4 + epochLength, "UTF-8");
    at += 4 + epochLength;
    long seq = buffer.getLong(at);
    long ts = buffer.getLong(at + 8);
    int length = buffer.getInt(at + 16);
    return Envelope.lazy(topic, epoch, seq, ts, buffer.getBuffer(at + 20, at + 20 + length));
  }
}
