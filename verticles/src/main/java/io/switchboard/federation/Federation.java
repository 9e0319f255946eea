package io.switchboard.federation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.NodeServices;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.topic.TopicPattern;
import io.switchboard.topic.TopicExport;
import io.switchboard.topic.PublishPipeline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's part in Redis Pub/Sub federation (docs/federation.md). Exports: every message this node accepted on an
 * exported topic is PUBLISHed on its topic's channel, on one connection (so in order), or dropped and counted while
 * that connection is down (Pub/Sub is at-most-once; nothing is replayed later). Imports: one subscriber connection
 * PSUBSCRIBEs the imported patterns; every node of the deployment receives each message and offers it to the topic
 * log, whose dedup memory lets exactly one node append and fan it out. A message whose origin is this deployment is
 * its own export coming back: dropped.
 */
public final class Federation implements TopicExport {

  private static final Logger LOG = LoggerFactory.getLogger(Federation.class);
  private static final String HEALTH_KEY = "federation";

  private final Vertx vertx;
  private final FederationSettings settings;
  private final String deploymentId;
  private final ClusterNode node;
  private final PublishPipeline publisher;
  private final long timeoutMs;
  private final RedisLink out;
  private final RedisLink in;
  private final AtomicLong connected;
  private final Counter exported;
  private final Counter imported;
  private final Counter droppedLoop;
  private final Counter droppedDown;
  private final Counter droppedFailed;
  private final Counter droppedInvalid;
  private volatile boolean collisionLogged;

  Federation(Vertx vertx, FederationSettings settings, String deploymentId, ClusterNode node, PublishPipeline publisher,
             RedisOptions options, long timeoutMs, MeterRegistry registry, AtomicLong connected) {
    this.vertx = vertx;
    this.settings = settings;
    this.deploymentId = deploymentId;
    this.node = node;
    this.publisher = publisher;
    this.timeoutMs = timeoutMs;
    this.connected = connected;
    this.exported = messages(registry, "exported");
    this.imported = messages(registry, "imported");
    this.droppedLoop = dropped(registry, "loop");
    this.droppedDown = dropped(registry, "redis_down");
    this.droppedFailed = dropped(registry, "failed");
    this.droppedInvalid = dropped(registry, "invalid");
    this.out = new RedisLink(vertx, options, "publisher", settings.reconnectMs(), c -> Future.succeededFuture(),
      this::changed);
    this.in = new RedisLink(vertx, options, "subscriber", settings.reconnectMs(), this::subscribe, this::changed);
  }

  private static Counter messages(MeterRegistry registry, String direction) {
    return Counter.builder("switchboard_federation_messages").description("federated messages, by direction")
      .tag("direction", direction).register(registry);
  }

  private static Counter dropped(MeterRegistry registry, String reason) {
    return Counter.builder("switchboard_federation_dropped")
      .description("federated messages not exported or not imported, by reason").tag("reason", reason).register(registry);
  }

  String deploymentId() {
    return deploymentId;
  }

  void start() {
    out.start();
    in.start();
  }

  Future<Void> close() {
    return Future.join(out.close(), in.close()).mapEmpty();
  }

  // ------------------------------------------------------------------ export

  @Override
  public void export(Deliver deliver, int priority) {
    if (deliver.origin() != null || !FederationSettings.matches(settings.exports(), deliver.topic())) {
      return;
    }
    String message = FederationWire.encode(deliver, deploymentId, priority, node.nodeId());
    String channel = settings.channel(deliver.topic());
    // Onto the link's context: exports of one caller keep their order on the one connection.
    out.context().runOnContext(v -> {
      RedisConnection c = out.connection();
      if (c == null || c.pendingQueueFull()) {
        droppedDown.increment();
        return;
      }
      c.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onSuccess(r -> exported.increment())
        .onFailure(err -> {
          droppedFailed.increment();
          LOG.debug("federation: export on {} failed: {}", channel, err.getMessage());
        });
    });
  }

  // ------------------------------------------------------------------ import

  private Future<?> subscribe(RedisConnection c) {
    c.handler(this::received);
    Request psubscribe = Request.cmd(Command.PSUBSCRIBE);
    for (TopicPattern p : settings.imports()) {
      psubscribe.arg(settings.glob(p));
    }
    return c.send(psubscribe).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private void received(Response push) {
    if (push.size() != 4 || !"pmessage".equals(push.get(0).toString())) {
      return; // subscription confirmations
    }
    FederationWire.Received m = FederationWire.decode(push.get(3).toString());
    if (m == null) {
      droppedInvalid.increment();
      LOG.debug("federation: unreadable message on {}", push.get(2));
      return;
    }
    Deliver d = m.deliver();
    if (deploymentId.equals(d.origin())) {
      droppedLoop.increment();
      if (!node.members().contains(m.node()) && !collisionLogged) {
        collisionLogged = true;
        LOG.warn("federation: a message with this deployment's id '{}' came from node {}, which is not a member of "
          + "this cluster: another deployment uses the same redis.federation.deployment-id, and its messages are "
          + "being ignored here", deploymentId, m.node());
      }
      return;
    }
    if (!FederationSettings.matches(settings.imports(), d.topic())) {
      return; // the PSUBSCRIBE glob is wider than the pattern
    }
    publisher.publishImported(d, m.priority()).onComplete(ar -> {
      if (ar.failed()) {
        droppedFailed.increment();
        LOG.warn("federation: cannot import a message from {} on {}: {}", d.origin(), d.topic(), ar.cause().getMessage());
      } else if (!ar.result().duplicate()) {
        imported.increment();
      }
    });
  }

  // ------------------------------------------------------------------ health

  private void changed() {
    connected.set(out.up() && in.up() ? 1 : 0);
  }

  /** This node's view for {@code /api/health}: {@code ok} while both connections are up, else {@code degraded}. */
  JsonObject health() {
    boolean ok = out.up() && in.up();
    JsonObject json = new JsonObject()
      .put("status", ok ? "ok" : "degraded")
      .put("deploymentId", deploymentId)
      .put("export", new JsonArray(settings.exports().stream().map(TopicPattern::source).toList()))
      .put("import", new JsonArray(settings.imports().stream().map(TopicPattern::source).toList()))
      .put("publisher", out.up() ? "connected" : "disconnected")
      .put("subscriber", in.up() ? "connected" : "disconnected")
      .put("exported", (long) exported.count())
      .put("imported", (long) imported.count())
      .put("droppedWhileDown", (long) droppedDown.count());
    if (!ok) {
      String error = out.lastError() != null ? out.lastError() : in.lastError();
      json.put("reason", "not connected to Redis" + (error != null ? ": " + error : ""));
    }
    return json;
  }

  /** The node's federation health, or {@code {"status":"disabled"}} when federation is off. */
  public static JsonObject health(Vertx vertx) {
    Federation f = NodeServices.find(vertx, HEALTH_KEY);
    return f == null ? new JsonObject().put("status", "disabled") : f.health();
  }

  void register() {
    NodeServices.register(vertx, HEALTH_KEY, this);
    TopicExport.register(vertx, this);
  }

  void unregister() {
    TopicExport.unregister(vertx, this);
    NodeServices.unregister(vertx, HEALTH_KEY, this);
  }
}
