package io.switchboard.http;

import io.switchboard.Version;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.metrics.NodeMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/health} (node, cluster and dependency status) and {@code GET /metrics} (Prometheus). */
final class HealthRoutes {

  private final ClusterNode node;
  private final NodeMetrics metrics;
  private volatile boolean draining;

  HealthRoutes(ClusterNode node, NodeMetrics metrics) {
    this.node = node;
    this.metrics = metrics;
  }

  void mount(Router router, RouteTags tags) {
    tags.get(router, "/api/health").handler(this::health);
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
      .put("redis", new JsonObject().put("status", "disabled").put("reason", "not configured"));
    String status = draining ? "draining" : hazelcastUp ? "ok" : "down";
    JsonObject body = new JsonObject()
      .put("status", status)
      .put("version", Version.VERSION)
      .put("nodeId", node.nodeId())
      .put("clustered", node.clustered())
      .put("members", new JsonArray(node.members()))
      .put("uptimeSeconds", node.uptimeSeconds())
      .put("dependencies", dependencies);
    JsonBodies.send(ctx, status.equals("ok") ? 200 : 503, body);
  }

  private void metrics(RoutingContext ctx) {
    ctx.response()
      .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
      .end(metrics.scrape());
  }
}
