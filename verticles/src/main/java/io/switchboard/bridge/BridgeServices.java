package io.switchboard.bridge;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.security.Principal;
import io.switchboard.topic.TopicApi;
import io.switchboard.topic.TopicLogs;
import io.switchboard.topic.TopicPublisher;
import io.switchboard.topic.TopicSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;


/**
 * What bridge clients talk to, on every node: login answers, publishing to topics (the same topic logs and fan-out
 * as the WebSocket gateway, so a WebSocket subscriber receives what a bridge client publishes), and topic
 * deliveries relayed to {@link BridgeAddresses#TOPIC_PREFIX}{@code <topic>} for bridge clients registered there.
 * The caller's identity in these messages was put there by {@link BridgeGuard}.
 */
public class BridgeServices extends VerticleBase {

  private TopicPublisher publisher;
  private final io.switchboard.security.RateLimiter limiter;

  /**
   * @param limiter the node's per-user publish budget: bridge clients draw on the same one as their WebSocket and MCP
   *                publishes (ws.rate-limit.user-publish-per-second), not on one of their own
   */
  public BridgeServices(io.switchboard.security.RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public Future<?> start() {
    return TopicLogs.open(vertx, ClusterNode.get(vertx).hazelcast(), TopicSettings.from(config())).onSuccess(t -> {
      publisher = new TopicPublisher(vertx, t, config());
      vertx.eventBus().<JsonObject>localConsumer(BridgeAddresses.LOGIN, this::login);
      vertx.eventBus().<JsonObject>localConsumer(BridgeAddresses.PUBLISH, this::publish);
      // Relay topic deliveries (one per node from the fan-out) to the bridge address of each topic, locally, for the
      // topics a bridge client of this node registered for; the others cost a map look-up.
      BridgeTopics listened = BridgeTopics.of(vertx);
      DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
      vertx.eventBus().<Envelope>consumer(TopicApi.FANOUT, m -> {
        Deliver d = (Deliver) m.body().message();
        if (listened.listened(d.topic())) {
          vertx.eventBus().publish(BridgeAddresses.TOPIC_PREFIX + d.topic(), Frames.toJson(d), local);
        }
      });
    });
  }

  private void login(Message<JsonObject> m) {
    Principal p = Principal.fromJson(m.body().getJsonObject("principal"));
    m.reply(new JsonObject().put("user", p.subject()).put("roles", p.toJson().getJsonArray("roles")));
  }

  private void publish(Message<JsonObject> m) {
    JsonObject body = m.body();
    Principal p = Principal.fromJson(body.getJsonObject("principal"));
    String topic = body.getString("topic");
    long wait = limiter.acquire(p.subject());
    if (wait > 0) {
      io.switchboard.metrics.NodeMetrics.get(vertx).rateLimited("bridge");
      m.fail(429, "publish rate limit exceeded, retry in " + io.switchboard.security.RateLimiter.retryAfterMillis(wait) + " ms");
      return;
    }
    int priority = body.getInteger("priority", Protocol.DEFAULT_PRIORITY);
    publisher.publish(topic, p.subject(), body.getString("id"), body.getValue("payload"), false, priority).onComplete(appended -> {
      Deliver d = appended.deliver();
      m.reply(new JsonObject().put("topic", topic).put("epoch", d.epoch()).put("seq", d.seq()).put("messageId", d.messageId())
        .put("duplicate", appended.duplicate()));
    }, err -> m.fail(400, err.getMessage()));
  }
}
