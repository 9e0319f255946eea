package io.switchboard.redis;

import io.switchboard.cluster.NodeLifecycle;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.topic.TopicArchive;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Owns the node's {@link RedisStore} and the topic archive built on it ({@link RedisTopicArchive}, registered as
 * the node's {@link TopicArchive}) (deployed by MainVerticle only when {@code redis.url} is set, before the
 * services that use it). Starting never waits for Redis: an unreachable Redis opens the breaker and the node runs
 * from memory. Stopping waits until the edges have drained (so their last writes are enqueued), sends what is
 * buffered for at most {@code redis.timeout-ms}, then closes the client.
 */
public class RedisVerticle extends VerticleBase {

  private RedisStore store;
  private TopicArchive archive;

  @Override
  public Future<?> start() {
    try {
      HistoryRetention retention = HistoryRetention.from(config());
      store = RedisStore.create(vertx, RedisSettings.from(config()));
      archive = new RedisTopicArchive(store, retention, NodeMetrics.get(vertx));
      TopicArchive.register(vertx, archive);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return NodeLifecycle.get(vertx).edgesDrained()
      .compose(v -> {
        TopicArchive.unregister(vertx, archive);
        return store.close(store.settings().timeoutMs());
      });
  }
}
