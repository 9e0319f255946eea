package io.switchboard.redis;

import io.switchboard.cluster.NodeLifecycle;
import io.switchboard.cluster.NodeServices;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.session.SessionArchive;
import io.switchboard.topic.TopicArchive;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.concurrent.TimeUnit;

/**
 * Owns the node's {@link RedisStore} and the archives built on it: topic history ({@link RedisTopicArchive},
 * registered as the node's {@link TopicArchive}) and session snapshots ({@link RedisSessionArchive}, the node's
 * {@link SessionArchive}) (deployed by MainVerticle only when {@code redis.url} is set, before the
 * services that use it). Starting never waits for Redis: an unreachable Redis opens the breaker and the node runs
 * from memory. Stopping waits until the edges have drained and the services holding writes back (coalesced document
 * snapshots) have enqueued them (so the last writes are in the buffer; that wait is bounded by
 * {@code redis.timeout-ms}), sends what is buffered for at most {@code redis.timeout-ms}, then closes the client.
 */
public class RedisVerticle extends VerticleBase {

  /** How often this node asks Redis PING, so that health reports an outage (and its end) with no traffic. */
  public static final String PROBE_INTERVAL_MS = "redis.probe-interval-ms";

  private RedisStore store;
  private TopicArchive archive;
  private SessionArchive sessions;

  @Override
  public Future<?> start() {
    try {
      HistoryRetention retention = HistoryRetention.from(config());
      store = RedisStore.create(vertx, RedisSettings.from(config()));
      store.startProbe(config().getLong(PROBE_INTERVAL_MS, 2000L));
      archive = new RedisTopicArchive(store, retention, NodeMetrics.get(vertx));
      TopicArchive.register(vertx, archive);
      sessions = new RedisSessionArchive(store, NodeMetrics.get(vertx));
      NodeServices.register(vertx, SessionArchive.KEY, sessions);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    NodeLifecycle lifecycle = NodeLifecycle.get(vertx);
    long timeoutMs = store.settings().timeoutMs();
    return lifecycle.edgesDrained()
      .compose(v -> lifecycle.writersFlushed().timeout(timeoutMs, TimeUnit.MILLISECONDS).otherwiseEmpty())
      .compose(v -> {
        TopicArchive.unregister(vertx, archive);
        NodeServices.unregister(vertx, SessionArchive.KEY, sessions);
        return store.close(store.settings().timeoutMs());
      });
  }
}
