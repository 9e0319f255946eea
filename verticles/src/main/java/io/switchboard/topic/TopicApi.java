package io.switchboard.topic;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.eventbus.EnvelopeCodec;
import io.switchboard.protocol.message.Deliver;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * How an accepted (sequenced) topic message reaches every node: published once on {@link #FANOUT}, as an
 * {@link Envelope} with the cluster codec and its priority in a header (docs/event-bus.md). Used by the WebSocket
 * gateway and by anything else that publishes to topics (the MCP tools).
 */
public final class TopicApi {

  public static final String FANOUT = "switchboard.topics.fanout";
  public static final String PRIORITY_HEADER = "priority";

  private TopicApi() {
  }

  public static void publish(EventBus bus, Deliver deliver, int priority) {
    bus.publish(FANOUT, Envelope.of(deliver), new DeliveryOptions().setCodecName(EnvelopeCodec.NAME)
      .addHeader(PRIORITY_HEADER, Integer.toString(priority)));
  }
}
