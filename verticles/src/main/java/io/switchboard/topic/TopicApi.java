package io.switchboard.topic;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.eventbus.EnvelopeCodec;
import io.switchboard.protocol.message.Deliver;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * How an accepted (sequenced) topic message reaches every node: published once on {@link #FANOUT}, as an
 * {@link Envelope} with the cluster codec and its priority in a header, absent for the default priority
 * (docs/event-bus.md). Used by the WebSocket
 * gateway and by anything else that publishes to topics (the MCP tools).
 */
public final class TopicApi {

  public static final String FANOUT = "switchboard.topics.fanout";
  public static final String PRIORITY_HEADER = "priority";

  private TopicApi() {
  }

  /** Most messages have the default priority: they go without a header (a headers map per message cost 5 %). */
  private static final DeliveryOptions DEFAULT_PRIORITY = new DeliveryOptions().setCodecName(EnvelopeCodec.NAME);

  public static void publish(EventBus bus, Deliver deliver, int priority) {
    bus.publish(FANOUT, Envelope.of(deliver), priority == io.switchboard.protocol.Protocol.DEFAULT_PRIORITY
      ? DEFAULT_PRIORITY
      : new DeliveryOptions().setCodecName(EnvelopeCodec.NAME).addHeader(PRIORITY_HEADER, Integer.toString(priority)));
  }

  /** The priority a fan-out message was published with. */
  public static int priority(io.vertx.core.eventbus.Message<?> message) {
    io.vertx.core.MultiMap headers = message.headers();
    String p = headers.isEmpty() ? null : headers.get(PRIORITY_HEADER);
    return p == null ? io.switchboard.protocol.Protocol.DEFAULT_PRIORITY : Integer.parseInt(p);
  }
}
