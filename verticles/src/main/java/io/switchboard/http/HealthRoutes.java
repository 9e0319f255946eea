package io.switchboard.http;

import io.switchboard.Version;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.federation.Federation;
import io.switchboard.metrics.ClusterVitals;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.redis.RedisStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/health} (node, cluster and dependency status), {@code GET /api/cluster} (every node's vital signs)
 * and {@code GET /metrics} (Prometheus).
 */
final class HealthRoutes {

  private final Vertx vertx;
  private final ClusterNode node;
  private final NodeMetrics metrics;
  private volatile boolean draining;
  private final JsonObject webSocket;

  /**
   * @param webSocket where this node's WebSocket gateway listens ({@code port}, {@code path}), or null when it has
   *                  none: the web client builds its WebSocket URL from it rather than assuming a port
   */
  HealthRoutes(Vertx vertx, ClusterNode node, NodeMetrics metrics, JsonObject webSocket) {
    this.vertx = vertx;
    this.node = node;
    this.metrics = metrics;
    this.webSocket = webSocket;
  }

  void mount(Router router, RouteTags tags) {
    tags.get(router, "/api/health").handler(this::health);
    // every node's vital signs (written by each into a cluster map), for the dashboard
    tags.get(router, "/api/cluster").handler(ctx -> ClusterVitals.read(vertx, node)
      .onSuccess(body -> JsonBodies.send(ctx, 200, body)).onFailure(ctx::fail));
    tags.get(router, "/metrics").handler(this::metrics);
  }

  /** From now on health answers 503 {@code draining}, so load balancers stop sending new work. */
  void draining() {
    draining = true;
  }

  private void health(RoutingContext ctx) {
    boolean hazelcastUp = node.healthy();
    JsonObject dependencies = new JsonObject()
      .put("hazelcast", new JsonObject()
        .put("status", hazelcastUp ? "ok" : "down")
        .put("mode", node.clustered() ? "cluster" : "embedded")
        .put("members", node.members().size()))
      .put("redis", redis())
      .put("federation", Federation.health(vertx));
    // Redis trouble degrades, it does not take the node down: live traffic goes on from memory (200, not 503).
    String status = draining ? "draining" : !hazelcastUp ? "down"
      : dependencies.getJsonObject("redis").getString("status").equals("degraded")
      || dependencies.getJsonObject("federation").getString("status").equals("degraded") ? "degraded" : "ok";
    JsonObject body = new JsonObject()
      .put("status", status)
      .put("version", Version.VERSION)
      .put("nodeId", node.nodeId())
      .put("clustered", node.clustered())
      .put("members", new JsonArray(node.members()))
      .put("uptimeSeconds", node.uptimeSeconds())
      .put("webSocket", webSocket)
      .put("dependencies", dependencies);
    JsonBodies.send(ctx, status.equals("ok") || status.equals("degraded") ? 200 : 503, body);
  }

  /** This node's own view of Redis (each node has its own client, breaker and buffer). */
  private JsonObject redis() {
    RedisStore store = RedisStore.find(vertx);
    return store == null ? new JsonObject().put("status", "disabled").put("reason", "not configured") : store.health();
  }

  private void metrics(RoutingContext ctx) {
    ctx.response()
      .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
      .end(metrics.scrape());
  }
}
