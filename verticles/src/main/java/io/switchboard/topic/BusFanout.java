package io.switchboard.topic;

import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.eventbus.EnvelopeCodec;
import io.switchboard.protocol.message.Deliver;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A clustered node's fan-out: each message is published once on the clustered address {@link #FANOUT}, as an
 * {@link Envelope} with the cluster codec and its priority in a header, absent for the default priority
 * (docs/event-bus.md); the bus carries it once to each node, and every listener there (one bus consumer each)
 * receives it.
 */
final class BusFanout implements Fanout {

  public static final String FANOUT = "switchboard.topics.fanout";
  public static final String PRIORITY_HEADER = "priority";

  /** Most messages have the default priority: they go without a header (a headers map per message cost 5 %). */
  private static final DeliveryOptions DEFAULT_PRIORITY = new DeliveryOptions().setCodecName(EnvelopeCodec.NAME);

  private final Vertx vertx;

  BusFanout(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void publish(Deliver deliver, int priority) {
    vertx.eventBus().publish(FANOUT, Envelope.of(deliver), priority == Protocol.DEFAULT_PRIORITY
      ? DEFAULT_PRIORITY
      : new DeliveryOptions().setCodecName(EnvelopeCodec.NAME).addHeader(PRIORITY_HEADER, Integer.toString(priority)));
  }

  @Override
  public Registration listen(Listener listener) {
    MessageConsumer<Envelope> consumer = vertx.eventBus().consumer(FANOUT,
      m -> listener.deliver(m.body(), priority(m)));
    return consumer::unregister;
  }

  /** The priority a fan-out message was published with. */
  static int priority(Message<?> message) {
    MultiMap headers = message.headers();
    String p = headers.isEmpty() ? null : headers.get(PRIORITY_HEADER);
    return p == null ? Protocol.DEFAULT_PRIORITY : Integer.parseInt(p);
  }
}
