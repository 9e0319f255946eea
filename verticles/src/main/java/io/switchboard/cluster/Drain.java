package io.switchboard.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * What a service's {@code stop()} waits for: the edges' drain, never longer than the notice and the drain time plus a
 * margin.
 */
public final class Drain {

  public static final String DRAIN_SECONDS = "http.drain-seconds";
  /**
   * On SIGTERM, how long the node keeps serving new requests while health answers {@code draining}, so that load
   * balancers and clients move on before it stops accepting connections.
   */
  public static final String NOTICE_SECONDS = "http.drain-notice-seconds";

  private Drain() {
  }

  public static Future<Void> awaitEdges(Vertx vertx, JsonObject config) {
    long limit = config.getInteger(NOTICE_SECONDS, 3) + config.getInteger(DRAIN_SECONDS, 10) + 2L;
    return NodeLifecycle.get(vertx).edgesDrained().timeout(limit, TimeUnit.SECONDS).otherwiseEmpty();
  }
}
