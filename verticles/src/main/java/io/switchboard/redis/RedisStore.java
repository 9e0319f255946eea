package io.switchboard.redis;

import io.micrometer.core.instrument.Counter;
import io.switchboard.cluster.NodeServices;
import io.switchboard.metrics.NodeMetrics;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's one door to Redis, one per {@link Vertx} (created by {@link RedisVerticle}, found with {@link #find}):
 * the Vert.x Redis client (a connection pool that reconnects on the next call after a connection is lost), a
 * circuit breaker around every call, and the write-behind buffer.
 * <ul>
 *   <li>{@link #enqueue}: idempotent writes, sent in order in pipelined batches; while Redis is unreachable they stay
 *   in a bounded buffer (overflow refused, counted, logged) and are sent when the breaker lets calls through again.
 *   The caller never waits for Redis.</li>
 *   <li>{@link #read}: one call through the breaker; fails at once while the breaker is open, so callers fall back
 *   to memory instead of waiting for timeouts.</li>
 *   <li>{@link #health}: this node's view of Redis for {@code /api/health}.</li>
 * </ul>
 * The buffer and the drain loop are confined to the context that created the store; {@code enqueue} from another
 * thread hops onto it. Counters read by health and metrics are atomic.
 */
public final class RedisStore implements Shareable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
  private static final String KEY = "redis-store";
  /** Writes per pipelined batch: large enough to drain a backlog quickly, small enough to stay under the timeout. */
  static final int BATCH = 256;
  /** Pause before resending a failed batch while the breaker is still closed (it opens after max-failures). */
  static final long RETRY_MS = 100;
  /** At most one overflow log line per this period, carrying the count since the previous line. */
  static final long OVERFLOW_LOG_MS = 5000;

  private final Vertx vertx;
  private final Context context;
  private final RedisSettings settings;
  private final Redis redis;
  private final CircuitBreaker breaker;
  private final WriteBuffer buffer;

  private boolean sending;
  private boolean closed;
  private volatile String lastError;
  private long overflowUnlogged;
  private long lastOverflowLog;
  private final List<Promise<Void>> flushWaiters = new ArrayList<>();

  // read by health and metrics from any thread
  private final AtomicLong buffered;
  private final AtomicLong bufferedBytes;
  private final AtomicLong breakerState;
  private final AtomicLong overflowSinceHealthy = new AtomicLong();
  /** Why the last PING of the probe failed; null once Redis answered one. */
  private volatile String probeFailure;
  private long probeTimer = -1;
  private final Counter overflow;
  private final Counter written;
  private final Counter rejected;
  private final NodeMetrics metrics;

  private RedisStore(Vertx vertx, Context context, RedisSettings settings) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.redis = Redis.createClient(vertx, settings.options());
    this.buffer = new WriteBuffer(settings.bufferMaxWrites(), settings.bufferMaxBytes());
    this.metrics = NodeMetrics.get(vertx);
    this.buffered = metrics.gauge("switchboard_redis_buffer_writes", "writes waiting in the Redis write-behind buffer");
    this.bufferedBytes = metrics.gauge("switchboard_redis_buffer_bytes", "estimated bytes in the Redis write-behind buffer");
    this.breakerState = metrics.gauge("switchboard_redis_breaker_state", "Redis circuit breaker: 0 closed, 1 half-open, 2 open");
    this.overflow = Counter.builder("switchboard_redis_buffer_overflow")
      .description("writes refused because the Redis write-behind buffer was full (lost to Redis)").register(metrics.registry());
    this.written = writes("ok");
    this.rejected = writes("rejected");
    this.breaker = CircuitBreaker.create("switchboard-redis", vertx, new CircuitBreakerOptions()
      .setMaxFailures(settings.maxFailures())
      .setTimeout(settings.timeoutMs())
      .setResetTimeout(settings.resetTimeoutMs())
      .setNotificationAddress(null)); // no state broadcasts on the (clustered) event bus
    // A reply that is a Redis error (a bad command) is no sign that Redis is down: it must not open the breaker.
    breaker.<Object>failurePolicy(f -> f.failed() && !refused(f.cause()));
    breaker.openHandler(v -> stateChanged(CircuitBreakerState.OPEN));
    breaker.halfOpenHandler(v -> stateChanged(CircuitBreakerState.HALF_OPEN));
    breaker.closeHandler(v -> stateChanged(CircuitBreakerState.CLOSED));
  }

  private Counter writes(String outcome) {
    return Counter.builder("switchboard_redis_writes").description("writes sent to Redis from the buffer, by outcome")
      .tag("outcome", outcome).register(metrics.registry());
  }

  /** Creates the node's store on the current context and registers it; fails if one exists. */
  static RedisStore create(Vertx vertx, RedisSettings settings) {
    RedisStore store = new RedisStore(vertx, vertx.getOrCreateContext(), settings);
    if (!NodeServices.registerIfAbsent(vertx, KEY, store)) {
      store.redis.close();
      store.breaker.close();
      throw new IllegalStateException("a RedisStore already exists for this Vert.x");
    }
    LOG.info("Redis configured at {} (key prefix '{}')", settings.endpoint(), settings.keyPrefix());
    return store;
  }

  /** The node's store, or null when Redis is not configured (or not started yet). */
  public static RedisStore find(Vertx vertx) {
    return NodeServices.find(vertx, KEY);
  }

  public RedisSettings settings() {
    return settings;
  }

  /** {@code redis.key-prefix} + {@code suffix}: every key this node uses goes through here. */
  public String key(String suffix) {
    return settings.keyPrefix() + suffix;
  }

  // ------------------------------------------------------------------ writes

  /**
   * Buffers an idempotent write, to be sent after every write enqueued before it on this node. Never waits for Redis.
   * A write that does not fit in the buffer is dropped: counted ({@code switchboard_redis_buffer_overflow}), logged
   * (at most one line per 5 s) and reported by health until the buffer has drained.
   */
  public void enqueue(RedisWrite write) {
    onContext(() -> {
      if (closed) {
        overflowed(1);
        return;
      }
      if (!buffer.offer(write)) {
        overflowed(1);
        return;
      }
      gauges();
      drain();
    });
  }

  /** Completes when every write enqueued before this call has been sent (or at once if none is waiting). */
  public Future<Void> flushed() {
    Promise<Void> p = Promise.promise();
    onContext(() -> {
      if (buffer.isEmpty() && !sending) {
        p.tryComplete();
      } else {
        flushWaiters.add(p);
      }
    });
    return p.future();
  }

  private void drain() {
    if (sending || closed || buffer.isEmpty() || breaker.state() == CircuitBreakerState.OPEN) {
      return; // the half-open or close handler calls again
    }
    sending = true;
    List<RedisWrite> batch = buffer.peek(BATCH);
    List<Request> commands = new ArrayList<>();
    batch.forEach(w -> commands.addAll(w.commands()));
    breaker.<List<Response>>execute(() -> redis.batch(commands)).onComplete(ar -> onContext(() -> {
      sending = false;
      if (ar.succeeded() || refused(ar.cause())) {
        if (ar.failed()) {
          // Redis answered with an error: resending cannot help. Say so loudly; the other commands were applied.
          rejected.increment(batch.size());
          LOG.error("Redis refused a batch of {} buffered writes: {}", batch.size(), ar.cause().getMessage());
        } else {
          written.increment(batch.size());
          replied(batch, ar.result());
        }
        lastError = null;
        buffer.remove(batch.size());
        gauges();
        if (buffer.isEmpty()) {
          overflowSinceHealthy.set(0);
          flushWaiters.forEach(Promise::tryComplete);
          flushWaiters.clear();
        }
        drain();
      } else {
        lastError = String.valueOf(ar.cause().getMessage());
        if (breaker.state() == CircuitBreakerState.CLOSED) {
          vertx.setTimer(RETRY_MS, t -> onContext(this::drain));
        }
      }
    }));
  }

  /** Hands each write that asked for it the reply to its last command (replies come in command order). */
  private static void replied(List<RedisWrite> batch, List<Response> replies) {
    int next = 0;
    for (RedisWrite w : batch) {
      next += w.commands().size();
      if (w.onReply() != null && replies != null && next - 1 < replies.size()) {
        try {
          w.onReply().accept(replies.get(next - 1));
        } catch (RuntimeException e) {
          LOG.error("a Redis write's reply handler failed", e);
        }
      }
    }
  }

  /**
   * Whether Redis itself refused a command for good ({@code ERR ...}, {@code WRONGTYPE ...}): resending cannot help.
   * The client reports a lost connection as an error reply too ({@code CONNECTION_CLOSED}, or in a batch
   * {@code ERR [i] ...ClosedChannelException}), and Redis answers {@code LOADING}, {@code BUSY}, {@code OOM}... while
   * it cannot serve yet: those are outages, to be retried. When in doubt: an outage (a write is never dropped on a
   * guess; a write Redis keeps refusing shows as a stuck buffer in health).
   */
  static boolean refused(Throwable error) {
    if (!(error instanceof Response) || error.getCause() != null) {
      return false;
    }
    String message = String.valueOf(error.getMessage());
    return (message.startsWith("ERR") || message.startsWith("WRONGTYPE"))
      && !message.contains("Exception") && !message.contains("CONNECTION_CLOSED");
  }

  private void stateChanged(CircuitBreakerState state) {
    onContext(() -> {
      breakerState.set(state == CircuitBreakerState.CLOSED ? 0 : state == CircuitBreakerState.HALF_OPEN ? 1 : 2);
      if (state == CircuitBreakerState.OPEN) {
        LOG.warn("Redis at {} unreachable ({}): circuit breaker open, buffering writes ({} waiting)",
          settings.endpoint(), lastError, buffer.size());
      } else if (state == CircuitBreakerState.CLOSED) {
        LOG.info("Redis at {} reachable again: circuit breaker closed, draining {} buffered writes",
          settings.endpoint(), buffer.size());
        drain();
      } else if (buffer.isEmpty()) {
        // Nothing to write: probe with PING so that health recovers even on an idle node.
        breaker.execute(() -> redis.send(Request.cmd(Command.PING))).onFailure(e -> lastError = e.getMessage());
      } else {
        drain(); // the first batch is the probe
      }
    });
  }

  private void overflowed(long n) {
    overflow.increment(n);
    overflowSinceHealthy.addAndGet(n);
    overflowUnlogged += n;
    long now = System.currentTimeMillis();
    if (now - lastOverflowLog >= OVERFLOW_LOG_MS) {
      LOG.error("Redis write buffer full ({} writes, {} bytes; bounds {} / {}): {} write(s) dropped since the last "
          + "report, they will be missing from Redis", buffer.size(), buffer.bytes(), settings.bufferMaxWrites(),
        settings.bufferMaxBytes(), overflowUnlogged);
      overflowUnlogged = 0;
      lastOverflowLog = now;
    }
  }

  private void gauges() {
    buffered.set(buffer.size());
    bufferedBytes.set(buffer.bytes());
  }

  // ------------------------------------------------------------------ reads

  /** One call through the breaker: fails at once (OpenCircuitException) while Redis is known to be unreachable. */
  public Future<Response> read(Request request) {
    return breaker.<Response>execute(() -> redis.send(request))
      .onComplete(ar -> metrics.redisRead(ar.succeeded() ? "ok" : "failed"));
  }

  // ------------------------------------------------------------------ health

  /** True when calls go through, and nothing is stuck in the buffer or was dropped since Redis was last healthy. */
  public boolean healthy() {
    return healthReason() == null;
  }

  private String healthReason() {
    CircuitBreakerState state = breaker.state();
    if (state != CircuitBreakerState.CLOSED) {
      return "circuit breaker " + (state == CircuitBreakerState.OPEN ? "open" : "half-open") + ": Redis unreachable ("
        + (lastError != null ? lastError : probeFailure) + "); writes are buffered";
    }
    String probe = probeFailure;
    if (probe != null) {
      return "Redis does not answer PING (" + probe + ")";
    }
    long dropped = overflowSinceHealthy.get();
    if (dropped > 0) {
      return "write buffer overflowed: " + dropped + " write(s) dropped since Redis was last healthy";
    }
    String error = lastError;
    if (error != null && buffered.get() > 0) {
      return buffered.get() + " write(s) buffered, last attempt failed: " + error;
    }
    return null;
  }

  /** This node's view, the {@code dependencies.redis} object of {@code /api/health}. */
  public JsonObject health() {
    String reason = healthReason();
    JsonObject json = new JsonObject()
      .put("status", reason == null ? "ok" : "degraded")
      .put("endpoint", settings.endpoint())
      .put("breaker", breaker.state().name().toLowerCase())
      .put("bufferedWrites", buffered.get())
      .put("bufferedBytes", bufferedBytes.get())
      .put("droppedWrites", (long) overflow.count());
    if (reason != null) {
      json.put("reason", reason);
    }
    return json;
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Asks Redis {@code PING} every {@code intervalMs} (through the breaker, so failures open it and an answer closes
   * it), so that health tells the truth on an idle node too: it used to change only when a write failed, and kept
   * saying ok for minutes after Redis died. Call on the store's context.
   */
  void startProbe(long intervalMs) {
    probeTimer = vertx.setPeriodic(intervalMs, id -> {
      if (!closed) {
        breaker.<Response>execute(() -> redis.send(Request.cmd(Command.PING)))
          .onComplete(ar -> probeFailure = ar.succeeded() ? null : String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  /** Tries to send what is buffered (at most {@code waitMs}), then closes the client; later writes are dropped. */
  Future<Void> close(long waitMs) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, waitMs), t -> done.tryComplete());
    flushed().onComplete(ar -> done.tryComplete());
    vertx.cancelTimer(probeTimer);
    return done.future().compose(v -> {
      vertx.cancelTimer(timer);
      Promise<Void> closedOnContext = Promise.promise();
      onContext(() -> {
        closed = true;
        if (!buffer.isEmpty()) {
          LOG.warn("Redis store closing with {} unsent write(s): they are lost to Redis", buffer.size());
        }
        closedOnContext.complete();
      });
      return closedOnContext.future();
    }).compose(v -> {
      breaker.close();
      NodeServices.unregister(vertx, KEY, this);
      return redis.close();
    });
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
