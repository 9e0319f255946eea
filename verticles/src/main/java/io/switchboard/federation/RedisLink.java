package io.switchboard.federation;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * One dedicated Redis connection that is re-established, every {@code reconnectMs}, for as long as it is wanted.
 * Federation needs its own connections rather than the store's pool: a subscriber connection is taken over by
 * Pub/Sub, and exports sent on one connection reach Redis in the order they were sent. Confined to the context
 * that created it; {@link #up()} may be read from any thread.
 */
final class RedisLink {

  private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

  private final Vertx vertx;
  private final Context context;
  private final Redis client;
  private final String name;
  private final long reconnectMs;
  private final Function<RedisConnection, Future<?>> setUp;
  private final Runnable changed;

  private RedisConnection connection;
  private boolean closed;
  private boolean wasUp;
  private volatile boolean up;
  private volatile String lastError;

  /**
   * {@code setUp} prepares a fresh connection (e.g. subscribes); the link is up once it succeeds. {@code changed} is
   * called on the link's context whenever {@link #up()} changes.
   */
  RedisLink(Vertx vertx, RedisOptions options, String name, long reconnectMs, Function<RedisConnection, Future<?>> setUp,
            Runnable changed) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(1));
    this.name = name;
    this.reconnectMs = reconnectMs;
    this.setUp = setUp;
    this.changed = changed;
  }

  void start() {
    context.runOnContext(v -> connect());
  }

  boolean up() {
    return up;
  }

  String lastError() {
    return lastError;
  }

  /** The connection while the link is up, else null. Call on the link's context. */
  RedisConnection connection() {
    return up ? connection : null;
  }

  Context context() {
    return context;
  }

  private void connect() {
    if (closed) {
      return;
    }
    client.connect().compose(c -> {
      c.exceptionHandler(err -> lost(c, err.getMessage()));
      c.endHandler(v -> lost(c, "connection closed"));
      return setUp.apply(c).onFailure(err -> c.close()).map(c);
    }).onComplete(ar -> {
      if (ar.failed()) {
        retry(ar.cause().getMessage());
      } else if (closed) {
        ar.result().close();
      } else {
        connection = ar.result();
        up = true;
        lastError = null;
        LOG.info("federation {} connection to Redis {}", name, wasUp ? "re-established" : "established");
        wasUp = true;
        changed.run();
      }
    });
  }

  private void lost(RedisConnection c, String why) {
    if (c != connection) {
      return; // not (or no longer) the link's connection: its failure is handled where it was set up
    }
    connection = null;
    if (up) {
      LOG.warn("federation {} connection to Redis lost ({}); reconnecting every {} ms", name, why, reconnectMs);
    }
    up = false;
    changed.run();
    retry(why);
  }

  private void retry(String why) {
    lastError = why;
    if (!closed) {
      vertx.setTimer(reconnectMs, t -> connect());
    }
  }

  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      up = false;
      changed.run();
      RedisConnection c = connection;
      connection = null;
      (c == null ? Future.<Void>succeededFuture() : c.close().otherwiseEmpty()).eventually(client::close)
        .onComplete(done);
    });
    return done.future();
  }
}
