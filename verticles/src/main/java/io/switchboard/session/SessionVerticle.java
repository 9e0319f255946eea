package io.switchboard.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.Gauge;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.ClusterFutures;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.Drain;
import io.switchboard.cluster.NodeLifecycle;
import io.switchboard.cluster.NodeServices;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.security.Audit;
import io.switchboard.security.Principal;
import io.switchboard.security.SessionPolicy;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session service. Sessions live in a Hazelcast map shared by every node (one backup), so any node serves
 * any session and a node's loss loses none. Single-session writes run as entry processors on the partition
 * owner (atomic across the cluster); reads use Hazelcast's async API; queries, which block, run on a worker.
 * The HTTP verticle (and later the bridges) reach it on {@link SessionApi#ADDRESS}.
 * <p>
 * With Redis (a {@link SessionArchive} on this node), every session write is handed to the archive after its entry
 * processor returned, here on the node that handled the request (never inside a processor, which also runs on the
 * backup), and whatever the cluster's memory lacks is reloaded from it ({@link SessionRestore}).
 */
public class SessionVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SessionVerticle.class);
  static final long COUNT_INTERVAL_MS = 5_000;
  public static final String CREATE_PER_SECOND = "sessions.rate-limit.create-per-second";
  public static final String CREATE_BURST = "sessions.rate-limit.create-burst";

  private IMap<String, HazelcastJsonValue> sessions;
  private DocumentService documents;
  private IMap<String, SessionDocument> documentsMap;
  private SessionArchive archive;
  private SessionRestore restore;
  private SessionPages pages;
  private SessionQuota quota;
  private DocumentSnapshots snapshots;
  private SessionLimits limits;
  private NodeMetrics metrics;
  private final AtomicLong owned = new AtomicLong();
  private long countTimer;
  /**
   * Sessions created per principal, whatever the edge (REST, MCP, WebSocket, bridges all create here): each is kept
   * for its TTL, so an unbounded rate would be unbounded memory.
   */
  private io.switchboard.security.RateLimiter creations;

  @Override
  public Future<?> start() {
    limits = SessionLimits.from(config());
    metrics = NodeMetrics.get(vertx);
    double perSecond = config().getDouble(CREATE_PER_SECOND);
    creations = new io.switchboard.security.RateLimiter(vertx, perSecond, config().getDouble(CREATE_BURST), 100_000);
    HazelcastInstance hz = ClusterNode.get(vertx).hazelcast();
    sessions = hz.getMap(SessionApi.MAP);
    registerGauges();
    archive = NodeServices.find(vertx, SessionArchive.KEY);
    // Creating map proxies is a blocking cluster call: on a worker.
    return vertx.executeBlocking(() -> {
      ClusterNode.ensureObjectMap(hz, SessionApi.DOCUMENTS);
      IMap<String, SessionDocument> map = hz.getMap(SessionApi.DOCUMENTS);
      pages = new SessionPages(hz, sessions);
      quota = new SessionQuota(hz, context, config().getInteger(SessionQuota.MAX_PER_OWNER, 1000));
      restore = new SessionRestore(context, hz, sessions, map, archive, pages, quota);
      return map;
    }, false).compose(map -> {
      documentsMap = map;
      if (archive != null) {
        snapshots = new DocumentSnapshots(vertx, context, map, archive, config());
        NodeLifecycle.get(vertx).writerStarted();
      }
      documents = new DocumentService(vertx, context, restore, snapshots, map, config());
      return vertx.eventBus().<JsonObject>localConsumer(SessionApi.ADDRESS, this::dispatch).completion();
    });
  }

  private void dispatch(Message<JsonObject> msg) {
    String action = msg.headers().get(SessionApi.ACTION);
    Future<JsonObject> result;
    try {
      JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
      Principal principal = Principal.fromJson(body.getJsonObject("principal"));
      result = switch (action == null ? "" : action) {
        case SessionApi.CREATE -> create(principal, body.getJsonObject("session", new JsonObject()));
        case SessionApi.GET -> get(principal, requiredId(body));
        case SessionApi.LIST -> list(principal, body);
        case SessionApi.UPDATE -> update(principal, requiredId(body), body.getJsonObject("patch", new JsonObject()),
          body.getLong("ifMatch", -1L));
        case SessionApi.DELETE -> delete(principal, requiredId(body), body.getLong("ifMatch", -1L));
        case SessionApi.DOCUMENT -> documents.read(principal, requiredId(body));
        case SessionApi.EDIT -> documents.edit(principal, requiredId(body), requiredLong(body, "revision"),
          required(body.getJsonArray("op"), "op"), body.getString("origin"), body.getString("clientEditId"));
        case SessionApi.HISTORY -> documents.history(principal, requiredId(body), requiredLong(body, "since"),
          body.getInteger("limit", 0));
        default -> Future.failedFuture(ServiceError.badRequest("unknown action '" + action + "'"));
      };
    } catch (ServiceError e) {
      result = Future.failedFuture(e);
    } catch (IllegalArgumentException | ClassCastException e) {
      result = Future.failedFuture(ServiceError.badRequest("malformed request: " + e.getMessage()));
    }
    String op = action == null ? "unknown" : action;
    result.onComplete(
      reply -> {
        metrics.sessionOperation(op, "ok");
        msg.reply(reply);
      },
      err -> {
        ServiceError error = err instanceof ServiceError se ? se : internal(err);
        metrics.sessionOperation(op, error.code().code());
        error.replyTo(msg);
      });
  }

  private Future<JsonObject> create(Principal principal, JsonObject body) {
    if (!SessionPolicy.mayCreate(principal)) {
      return denied(principal, "create", null, "creating sessions needs the user or admin role");
    }
    limits.checkCreate(body);
    long wait = creations.acquire(principal.subject());
    if (wait > 0) {
      long seconds = io.switchboard.security.RateLimiter.retryAfterSeconds(wait);
      return Future.failedFuture(new ServiceError(io.switchboard.bus.ErrorCode.RATE_LIMITED, "too many sessions created ("
        + CREATE_PER_SECOND + "), retry in " + seconds + " s"));
    }
    long now = System.currentTimeMillis();
    long ttlSeconds = body.getLong("ttlSeconds", limits.defaultTtlSeconds());
    Session session = new Session(UUID.randomUUID().toString(), body.getString("title"), principal.subject(),
      SessionState.parse(body.getString("state", "active")), body.getJsonObject("metadata", new JsonObject()),
      now, now, now + ttlSeconds * 1000, 1);
    // a slot of the owner's quota first; given back if the insert does not happen
    return quota.reserve(principal.subject(), session.id(), session.expiresAt(), now)
      .compose(v -> fromStage(sessions.submitToKey(session.id(), new CreateSessionProcessor(session, now)))
        .compose(result -> unwrap(principal, "create", session.id(), result))
        .onFailure(err -> quota.release(principal.subject(), session.id())))
      .map(stored -> {
        archived(stored);
        Audit.record(vertx, Audit.SESSION_CREATED, new JsonObject().put("sub", principal.subject()).put("session", session.id()));
        return Session.fromStored(stored).toApi();
      });
  }

  private Future<JsonObject> get(Principal principal, String id) {
    if (!SessionPolicy.mayRead(principal)) {
      return denied(principal, "read", id, "reading sessions needs the viewer, user or admin role");
    }
    return restore.find(id).compose(session -> session == null
      ? Future.failedFuture(ServiceError.notFound("session"))
      : Future.succeededFuture(session.toApi()));
  }

  private Future<JsonObject> list(Principal principal, JsonObject req) {
    if (!SessionPolicy.mayRead(principal)) {
      return denied(principal, "list", null, "reading sessions needs the viewer, user or admin role");
    }
    int limit = req.getInteger("limit", limits.pageSize());
    JsonObject errors = new JsonObject();
    if (limit < 1 || limit > limits.maxPageSize()) {
      errors.put("limit", "must be between 1 and " + limits.maxPageSize());
    }
    String state = req.getString("state");
    if (state != null && SessionState.parse(state) == null) {
      errors.put("state", "must be one of active, suspended, ended");
    }
    SessionPages.Cursor after = null;
    if (req.getString("cursor") != null) {
      after = SessionPages.Cursor.decode(req.getString("cursor"));
      if (after == null) {
        errors.put("cursor", "is not a cursor this API returned");
      }
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(ServiceError.validation(errors));
    }
    SessionPages.Cursor from = after;
    String owner = req.getString("owner");
    // After a full restart the sessions are in Redis only: put them back before the first query.
    // IMap.values(predicate) blocks while it gathers results from every member: run it on a worker.
    return restore.reloadAll().compose(restored -> vertx.executeBlocking(
      () -> pages.page(state, owner, from, limit, System.currentTimeMillis()), false));
  }

  private Future<JsonObject> update(Principal principal, String id, JsonObject patch, long ifMatch) {
    limits.checkPatch(patch);
    UpdateSessionProcessor processor = new UpdateSessionProcessor(principal, patch, ifMatch, System.currentTimeMillis());
    return fromStage(sessions.submitToKey(id, processor))
      .compose(result -> !restore.enabled() || !notFound(result) ? Future.succeededFuture(result)
        // Not in memory: perhaps only in Redis (the cluster restarted). Reload it and try once more.
        : restore.reload(id).compose(s -> s == null ? Future.succeededFuture(result)
          : fromStage(sessions.submitToKey(id, processor))))
      .compose(result -> unwrap(principal, "update", id, result))
      .map(stored -> {
        archived(stored);
        if (patch.containsKey("ttlSeconds")) { // the owner's slot lives as long as the session
          quota.extend(stored.getString("owner"), id, stored.getLong("expiresAt"));
        }
        return Session.fromStored(stored).toApi();
      });
  }

  private Future<JsonObject> delete(Principal principal, String id, long ifMatch) {
    DeleteSessionProcessor processor = new DeleteSessionProcessor(principal, ifMatch, System.currentTimeMillis());
    if (!restore.enabled()) {
      return fromStage(sessions.submitToKey(id, processor)).compose(result -> deleted(principal, id, result));
    }
    // With Redis: the session may have to be reloaded first, and a tombstone must be in place before it goes, so
    // that no reload racing this delete brings it back from Redis (which may not have the delete yet).
    return restore.find(id).compose(session -> session == null
      ? Future.failedFuture(ServiceError.notFound("session"))
      : restore.tombstone(session)
        .compose(v -> fromStage(sessions.submitToKey(id, processor)))
        .compose(result -> deleted(principal, id, result).recover(err ->
          restore.untombstone(id).transform(v -> Future.<JsonObject>failedFuture(err)))));
  }

  private Future<JsonObject> deleted(Principal principal, String id, String result) {
    return unwrap(principal, "delete", id, result).map(stored -> {
      documentsMap.delete(id); // the session's document goes with it (asynchronously; nothing waits on it)
      quota.release(stored.getString("owner"), id);
      if (archive != null) {
        snapshots.forget(id);
        archive.deleteSession(id, stored.getLong("expiresAt"));
      }
      Audit.record(vertx, Audit.SESSION_DELETED, new JsonObject().put("sub", principal.subject()).put("session", id));
      return new JsonObject().put("id", id).put("deleted", true);
    });
  }

  /** Hands a session just written to the archive (write-behind; nothing waits for Redis). */
  private void archived(JsonObject stored) {
    if (archive != null) {
      archive.saveSession(stored);
    }
  }

  private static boolean notFound(String result) {
    JsonObject json = new JsonObject(result);
    return !json.containsKey("session") && ServiceError.fromJson(json).code() == ErrorCode.NOT_FOUND;
  }

  /** An entry processor answers {"session":..} or an error body; denials are audited here, on the caller's node. */
  private Future<JsonObject> unwrap(Principal principal, String action, String id, String result) {
    JsonObject json = new JsonObject(result);
    if (json.containsKey("session")) {
      return Future.succeededFuture(json.getJsonObject("session"));
    }
    ServiceError error = ServiceError.fromJson(json);
    if (error.code() == ErrorCode.FORBIDDEN) {
      auditDenied(principal, action, id);
    }
    return Future.failedFuture(error);
  }

  private Future<JsonObject> denied(Principal principal, String action, String id, String message) {
    auditDenied(principal, action, id);
    return Future.failedFuture(new ServiceError(ErrorCode.FORBIDDEN, message));
  }

  private void auditDenied(Principal principal, String action, String id) {
    JsonObject details = new JsonObject().put("sub", principal.subject()).put("roles", principal.toJson().getJsonArray("roles"))
      .put("action", "session." + action);
    if (id != null) {
      details.put("session", id);
    }
    Audit.record(vertx, Audit.ACCESS_DENIED, details);
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

  private static String requiredId(JsonObject body) {
    String id = body.getString("id");
    if (id == null || id.isBlank()) {
      throw ServiceError.badRequest("session id missing");
    }
    return id;
  }

  private static HazelcastJsonValue json(Session session) {
    return new HazelcastJsonValue(session.toStored().encode());
  }

  private <T> Future<T> fromStage(CompletionStage<T> stage) {
    return ClusterFutures.on(stage, context);
  }

  private static ServiceError internal(Throwable err) {
    LOG.error("session service failure", err);
    return new ServiceError(ErrorCode.INTERNAL, "internal error");
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
      id -> owned.set(sessions.getLocalMapStats().getOwnedEntryCount()));
  }

  /**
   * Keeps serving until the node's edges have drained their in-flight requests (bounded by their drain time), then,
   * with Redis, hands the document snapshots still held back to the Redis store.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(countTimer);
    if (creations != null) {
      creations.close();
    }
    Future<Void> drained = Drain.awaitEdges(vertx, config());
    if (snapshots == null) {
      return drained;
    }
    // Hand the coalesced snapshots to the Redis store, which waits for this before its last flush.
    return drained.compose(v -> snapshots.flushAll().otherwiseEmpty())
      .onComplete(ar -> NodeLifecycle.get(vertx).writerFlushed());
  }
}
