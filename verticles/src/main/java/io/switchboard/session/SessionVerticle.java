package io.switchboard.session;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.Drain;
import io.switchboard.cluster.NodeLifecycle;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The session service's event-bus endpoint ({@link SessionApi#ADDRESS}: the bridges reach sessions and their
 * documents this way), the node's count of owned sessions, and, with Redis, the hand-over of the document
 * snapshots still held at shutdown. The operations are the node's {@link SessionService}, built once by
 * {@code MainVerticle} and called directly by the node's other edges (REST, the MCP tools and the WebSocket gateway,
 * each on its own event loops).
 */
public class SessionVerticle extends VerticleBase {

  static final long COUNT_INTERVAL_MS = 5_000;

  private final SessionService service;
  private NodeMetrics metrics;
  private final AtomicLong owned = new AtomicLong();
  private long countTimer;

  public SessionVerticle(SessionService service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    metrics = NodeMetrics.get(vertx);
    registerGauges();
    if (service.archived()) {
      NodeLifecycle.get(vertx).writerStarted();
    }
    return vertx.eventBus().<JsonObject>localConsumer(SessionApi.ADDRESS, this::dispatch).completion();
  }

  private void dispatch(Message<JsonObject> msg) {
    String action = msg.headers().get(SessionApi.ACTION);
    String op = action == null ? "unknown" : action;
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    Future<JsonObject> result = switch (op) {
      case SessionApi.CREATE, SessionApi.GET, SessionApi.LIST, SessionApi.UPDATE, SessionApi.DELETE,
           SessionApi.DOCUMENT, SessionApi.EDIT, SessionApi.HISTORY -> operation(op, body);
      default -> service.metered(op, () -> Future.failedFuture(ServiceError.badRequest("unknown action '" + op + "'")));
    };
    result.onComplete(msg::reply, err -> ((ServiceError) err).replyTo(msg));
  }

  /** The service's own operations, which count and answer themselves (counted once). */
  private Future<JsonObject> operation(String op, JsonObject body) {
    try {
      Principal principal = Principal.fromJson(body.getJsonObject("principal"));
      return switch (op) {
        case SessionApi.CREATE -> service.create(principal, body.getJsonObject("session", new JsonObject()));
        case SessionApi.GET -> service.get(principal, body.getString("id"));
        case SessionApi.LIST -> service.list(principal, body);
        case SessionApi.UPDATE -> service.update(principal, body.getString("id"),
          body.getJsonObject("patch", new JsonObject()), body.getLong("ifMatch", -1L));
        case SessionApi.DELETE -> service.delete(principal, body.getString("id"), body.getLong("ifMatch", -1L));
        case SessionApi.DOCUMENT -> service.document(principal, body.getString("id"));
        case SessionApi.EDIT -> service.edit(principal, body.getString("id"), requiredLong(body, "revision"),
          required(body.getJsonArray("op"), "op"), body.getString("origin"), body.getString("clientEditId"),
          body.getBoolean("resent", false));
        default -> service.documentHistory(principal, body.getString("id"), requiredLong(body, "since"),
          body.getInteger("limit", 0), body.getString("epoch"));
      };
    } catch (ServiceError | IllegalArgumentException | ClassCastException e) {
      return service.metered(op, () -> { // a request refused before it reached the operation: counted here
        throw e;
      });
    }
  }

  private static long requiredLong(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (!(v instanceof Integer || v instanceof Long)) {
      throw ServiceError.validation(new JsonObject().put(field, "must be an integer"));
    }
    return ((Number) v).longValue();
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw ServiceError.validation(new JsonObject().put(field, "is required"));
    }
    return value;
  }

  /**
   * {@code switchboard_sessions}: the sessions this node owns (their primary copies); the cluster's count is the sum
   * over the nodes. Hazelcast keeps that count per partition, so reading it costs nothing. A count by state would be
   * a walk of the sessions: every node counting the whole cluster by state every 5 s, as it did, took half of a node's
   * samples at 200,000 sessions, and even its own share every 30 s a fifth. The listing answers by state, paged.
   */
  private void registerGauges() {
    Gauge.builder("switchboard_sessions", owned, AtomicLong::get)
      .description("sessions this node owns (primary copies); sum over the nodes for the cluster")
      .register(metrics.registry());
    countTimer = vertx.setPeriodic(0, COUNT_INTERVAL_MS,
      id -> owned.set(service.sessions().getLocalMapStats().getOwnedEntryCount()));
  }

  /**
   * Keeps serving until the node's edges have drained their in-flight requests (bounded by their drain time), then,
   * with Redis, hands the document snapshots still held back to the Redis store.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(countTimer);
    Future<Void> drained = Drain.awaitEdges(vertx, config());
    DocumentSnapshots snapshots = service.snapshots();
    if (snapshots == null) {
      return drained;
    }
    // Hand the coalesced snapshots to the Redis store, which waits for this before its last flush.
    return drained.compose(v -> snapshots.flushAll().otherwiseEmpty())
      .onComplete(ar -> NodeLifecycle.get(vertx).writerFlushed());
  }
}
