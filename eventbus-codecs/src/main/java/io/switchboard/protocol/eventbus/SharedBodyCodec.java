package io.switchboard.protocol.eventbus;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * What the node's event-bus codecs share: their bodies are immutable, so a local delivery hands over the same
 * instance ({@link #transform}), and each is registered once per bus as its type's default codec.
 */
abstract class SharedBodyCodec<T> implements MessageCodec<T, T> {

  private final String name;

  SharedBodyCodec(String name) {
    this.name = name;
  }

  @Override
  public final T transform(T body) {
    return body; // immutable: share, do not copy
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final byte systemCodecID() {
    return -1; // user codec
  }

  /**
   * Registers {@code codec} as the default codec for {@code type} on this event bus, so a publish of a {@code type}
   * needs no {@code DeliveryOptions}. Calling it again (from another verticle instance) is harmless.
   */
  static <T> void register(EventBus eventBus, Class<T> type, MessageCodec<T, ?> codec) {
    synchronized (eventBus) {
      try {
        eventBus.registerDefaultCodec(type, codec);
      } catch (IllegalStateException alreadyRegistered) {
        // Vert.x refuses a second default codec for the class: exactly the idempotence wanted
      }
    }
  }
}
