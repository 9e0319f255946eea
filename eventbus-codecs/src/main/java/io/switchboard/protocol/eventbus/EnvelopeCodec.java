package io.switchboard.protocol.eventbus;

import io.switchboard.protocol.codec.Envelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec for {@link Envelope} (the deliver/publish envelope that crosses nodes).
 *
 * <p>Locally {@link #transform} returns the same immutable instance, so every verticle on the
 * node shares one envelope and its cached frames. Across nodes the wire form is compact:
 * {@code [version byte = 1][int32 length][MsgPack frame]}; the receiver keeps those MsgPack bytes
 * as the envelope's MsgPack frame, so binary subscribers never re-encode.
 *
 * <p>Register once per {@code Vertx} with {@link #register(EventBus)} (idempotent), e.g. in the
 * code that creates the Vertx instance, never in a verticle's {@code start()} alone.
 */
public final class EnvelopeCodec implements MessageCodec<Envelope, Envelope> {

  public static final String NAME = "switchboard.envelope.v1";
  static final byte WIRE_VERSION = 1;

  private static final EnvelopeCodec INSTANCE = new EnvelopeCodec();

  private EnvelopeCodec() {
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
    synchronized (eventBus) {
      try {
        eventBus.registerDefaultCodec(Envelope.class, INSTANCE);
      } catch (IllegalStateException alreadyRegistered) {
        // Vert.x refuses a second default codec for the class: exactly the idempotence we want
      }
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, Envelope envelope) {
    Buffer frame = envelope.msgpack();
    buffer.appendByte(WIRE_VERSION).appendInt(frame.length()).appendBuffer(frame);
  }

  @Override
  public Envelope decodeFromWire(int pos, Buffer buffer) {
    byte version = buffer.getByte(pos);
    if (version != WIRE_VERSION) {
      throw new IllegalStateException("envelope wire version " + version + " not supported (expected " + WIRE_VERSION + ")");
    }
    int length = buffer.getInt(pos + 1);
    Buffer frame = buffer.getBuffer(pos + 5, pos + 5 + length);
    return Envelope.fromMsgPack(frame);
  }

  @Override
  public Envelope transform(Envelope envelope) {
    return envelope; // immutable: share, do not copy
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1; // user codec
  }
}
