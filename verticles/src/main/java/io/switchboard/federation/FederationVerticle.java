package io.switchboard.federation;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.NodeLifecycle;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.redis.RedisSettings;
import io.switchboard.topic.PublishPipeline;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the node's {@link Federation} (deployed by MainVerticle when {@code redis.federation.enabled}, right after
 * the Redis store and before the edges, so every publisher finds the export). Starting never waits for Redis: the
 * connections are made, and remade, in the background. Stopping waits until the edges have drained, so that their
 * last publishes are still exported, then closes the connections.
 */
public class FederationVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FederationVerticle.class);

  private final PublishPipeline pipeline;
  private Federation federation;

  /** @param pipeline the node's publish pipeline: imported messages are appended and fanned out through it */
  public FederationVerticle(PublishPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public Future<?> start() {
    FederationSettings settings;
    RedisSettings redis;
    try {
      settings = FederationSettings.from(config());
      redis = RedisSettings.from(config());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    ClusterNode node = ClusterNode.get(vertx);
    // The default names the deployment after its Hazelcast cluster: every node of one deployment agrees on it.
    String deploymentId;
    try {
      deploymentId = FederationSettings.requireId(settings.deploymentId().isEmpty()
        ? node.hazelcast().getConfig().getClusterName() : settings.deploymentId());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    NodeMetrics metrics = NodeMetrics.get(vertx);
    federation = new Federation(vertx, settings, deploymentId, node, pipeline,
      redis.options(), redis.timeoutMs(), metrics.registry(),
      metrics.gauge("switchboard_federation_connected", "1 while both federation connections to Redis are up"));
    federation.register();
    federation.start();
    LOG.info("federation on as deployment '{}': export {}, import {}, channels '{}<topic>'", deploymentId,
      settings.exports(), settings.imports(), settings.channelPrefix());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return federation == null ? Future.succeededFuture() : NodeLifecycle.get(vertx).edgesDrained().compose(v -> {
      federation.unregister();
      return federation.close();
    });
  }
}
