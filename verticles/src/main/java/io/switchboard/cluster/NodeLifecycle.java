package io.switchboard.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders a node's shutdown. Vert.x undeploys a parent's children in parallel, so without this the session
 * service could vanish while an HTTP edge is still draining in-flight requests that need it. Edges register
 * when they start and report when they have drained; services wait for {@link #edgesDrained()} in their
 * {@code stop()}, keeping their bus consumers alive until then. Services that hold writes back (the session
 * service coalesces document snapshots) register as writers and report when they have handed them to the Redis
 * store, which waits for {@link #writersFlushed()} before sending its last batch and closing.
 */
public final class NodeLifecycle implements Shareable {

  private static final String LOCAL_MAP = "switchboard.node";

  private final AtomicInteger running = new AtomicInteger();
  private final Promise<Void> drained = Promise.promise();
  private final AtomicInteger writers = new AtomicInteger();
  private final Promise<Void> flushed = Promise.promise();
  private volatile boolean stopping;

  public static NodeLifecycle get(Vertx vertx) {
    LocalMap<String, NodeLifecycle> map = vertx.sharedData().getLocalMap(LOCAL_MAP);
    return map.computeIfAbsent("lifecycle", k -> new NodeLifecycle());
  }

  /** An edge (HTTP, WebSocket, bridge instance) is serving. */
  public void edgeStarted() {
    running.incrementAndGet();
  }

  /** An edge has stopped accepting and finished its in-flight work. */
  public void edgeDrained() {
    stopping = true;
    if (running.decrementAndGet() <= 0) {
      drained.tryComplete();
    }
  }

  /** True once the first edge started draining: new work should be refused. */
  public boolean stopping() {
    return stopping;
  }

  /** Completes when every edge that started has drained (at once if none is running). */
  public Future<Void> edgesDrained() {
    if (running.get() <= 0) {
      drained.tryComplete();
    }
    return drained.future();
  }

  /** A service that holds writes back for the Redis store has started. */
  public void writerStarted() {
    writers.incrementAndGet();
  }

  /** That service has enqueued everything it held (in its {@code stop()}). */
  public void writerFlushed() {
    if (writers.decrementAndGet() <= 0) {
      flushed.tryComplete();
    }
  }

  /** Completes when every writer that started has flushed (at once if none is running). */
  public Future<Void> writersFlushed() {
    if (writers.get() <= 0) {
      flushed.tryComplete();
    }
    return flushed.future();
  }
}
