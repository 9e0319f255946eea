package io.switchboard.bridge;

import io.switchboard.bus.ServiceError;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.security.Principal;
import io.switchboard.topic.Fanout;
import io.switchboard.topic.PublishPipeline;
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

  private final PublishPipeline pipeline;
  private BridgeTopics listened;
  private Fanout.Registration relay;
  private final Runnable watcher = () -> context.runOnContext(v -> relayWhileListened());

  /**
   * @param pipeline the node's publish pipeline: bridge clients publish under the same rules, and draw on the same
   *                 per-user budget, as their WebSocket, MCP and REST publishes
   */
  public BridgeServices(PublishPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<JsonObject>localConsumer(BridgeAddresses.LOGIN, this::login);
    vertx.eventBus().<JsonObject>localConsumer(BridgeAddresses.PUBLISH, this::publish);
    // A request the guard refused, rewritten to carry its refusal: answered as a failure, like any service's.
    vertx.eventBus().<JsonObject>localConsumer(BridgeAddresses.REFUSED, m -> ServiceError.fromJson(m.body()).replyTo(m));
    // Relay topic deliveries (one per node from the fan-out) to the bridge address of each topic, locally, for the
    // topics a bridge client of this node registered for; the others cost a map look-up. Only while some bridge
    // client of this node listens: otherwise every message was a hop to this verticle's event loop to be dropped.
    listened = BridgeTopics.of(vertx);
    listened.onChange(watcher);
    relayWhileListened();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    listened.stopWatching(watcher); // the map of listened topics outlives this verticle (it is the node's)
    if (relay != null) {
      relay.unregister(); // a standalone node's fan-out is not the bus: undeploying does not unregister it
      relay = null;
    }
    return Future.succeededFuture();
  }

  /** Consumes the fan-out exactly while a bridge client of this node listens to some topic (on this context). */
  private void relayWhileListened() {
    if (listened.anyListened() && relay == null) {
      DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
      relay = pipeline.fanout().listen(new Fanout.Listener() {
        @Override
        public boolean mayWant(String topic) {
          return listened.listened(topic);
        }

        @Override
        public void deliver(Envelope message, int priority) {
          String topic = message.topic(); // known without decoding the message
          if (listened.listened(topic)) {
            vertx.eventBus().publish(BridgeAddresses.TOPIC_PREFIX + topic, Frames.toJson((Deliver) message.message()), local);
          }
        }
      });
    } else if (!listened.anyListened() && relay != null) {
      relay.unregister();
      relay = null;
    }
  }

  private void login(Message<JsonObject> m) {
    Principal p = Principal.fromJson(m.body().getJsonObject("principal"));
    m.reply(new JsonObject().put("user", p.subject()).put("roles", p.toJson().getJsonArray("roles")));
  }

  private void publish(Message<JsonObject> m) {
    JsonObject body = m.body();
    Principal caller = Principal.fromJson(body.getJsonObject("principal"));
    PublishPipeline.Request request;
    try {
      request = PublishPipeline.request(body.getValue("topic"), body);
    } catch (ServiceError invalid) {
      invalid.replyTo(m);
      return;
    }
    pipeline.publish(caller, request, "bridge").onComplete(appended -> {
      Deliver d = appended.deliver();
      m.reply(new JsonObject().put("topic", d.topic()).put("epoch", d.epoch()).put("seq", d.seq())
        .put("messageId", d.messageId()).put("duplicate", appended.duplicate()));
    }, err -> ServiceError.from(err).replyTo(m));
  }
}
