package io.switchboard.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.ClusterFutures;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.EntryStore;
import io.switchboard.cluster.HazelcastEntryStore;
import io.switchboard.cluster.LocalEntryStore;
import io.switchboard.cluster.NodeServices;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.ot.TextOperation;
import io.switchboard.security.Audit;
import io.switchboard.security.Principal;
import io.switchboard.security.RateLimiter;
import io.switchboard.security.SessionPolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The node's sessions: create, read, list, update and delete, with the rules of docs/rest-api.md (roles, quota per
 * owner, creation budget per principal, {@code If-Match}, Redis reloads). Sessions live in a Hazelcast map shared by
 * every node (one backup), so any node serves any session and a node's loss loses none; single-session writes run as
 * entry processors on the partition owner (atomic across the cluster).
 *
 * <p>Built once per node by {@code MainVerticle} and called directly by the edges of the node on their own event
 * loops (REST, invitations, MCP tools), and by {@link SessionVerticle} for the event-bus address
 * ({@link SessionApi#ADDRESS}: bridges, WebSocket). Why not only the bus: a REST read went HTTP event loop → bus
 * request (a message, a reply registration, a timeout timer, a copy of the JSON each way) → the session verticle's
 * loop → Hazelcast → back the same way; called directly it goes HTTP loop → Hazelcast → HTTP loop
 * (docs/architecture.md, section 5, has the measurement).
 *
 * <p>Thread-safe: no state of its own besides Hazelcast's maps; every future completes on the caller's context.
 * Every failure is a {@link ServiceError}.
 */
public final class SessionService {

  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
  public static final String CREATE_PER_SECOND = "sessions.rate-limit.create-per-second";
  public static final String CREATE_BURST = "sessions.rate-limit.create-burst";

  private final Vertx vertx;
  private final IMap<String, HazelcastJsonValue> sessions;
  private final EntryStore<SessionDocument> documents;
  /** Where applied edits go: the gateways and the MCP relay of every node. */
  private final EditFanout edits;
  private final SessionArchive archive;
  private final SessionRestore restore;
  private final SessionPages pages;
  private final SessionQuota quota;
  private final DocumentSnapshots snapshots;
  private final SessionLimits limits;
  private final DocumentService docs;
  private final NodeMetrics metrics;
  /**
   * Sessions created per principal, whatever the edge (REST, MCP, WebSocket, bridges all create here): each is kept
   * for its TTL, so an unbounded rate would be unbounded memory.
   */
  private final RateLimiter creations;
  /** The registration that deletes an expired session's document. */
  private final UUID expiry;

  private SessionService(Vertx vertx, Context context, JsonObject config, ClusterNode node) { // blocking
    HazelcastInstance hz = node.hazelcast();
    this.vertx = vertx;
    this.limits = SessionLimits.from(config);
    this.metrics = NodeMetrics.get(vertx);
    this.creations = new RateLimiter(vertx, config.getDouble(CREATE_PER_SECOND), config.getDouble(CREATE_BURST),
      100_000);
    this.archive = NodeServices.find(vertx, SessionArchive.KEY);
    ClusterNode.ensureNoJsonMetadata(hz, SessionApi.MAP); // its queries are all answered by SessionPages' indexes
    this.sessions = hz.getMap(SessionApi.MAP);
    // In a cluster the documents are a Hazelcast map (atomic on the owner, one synchronous backup); a standalone node
    // has nobody to back it up or agree with, so its documents are in its own memory (docs/architecture.md §8).
    this.documents = node.clustered() ? new HazelcastEntryStore<>(vertx, hz, SessionApi.DOCUMENTS)
      : new LocalEntryStore<>();
    this.pages = new SessionPages(hz, sessions);
    this.quota = new SessionQuota(vertx, hz, config.getInteger(SessionQuota.MAX_PER_OWNER, 1000));
    this.restore = new SessionRestore(vertx, hz, sessions, documents, archive, pages, quota);
    this.snapshots = archive == null ? null
      : new DocumentSnapshots(vertx, context, documents, archive, config);
    this.edits = EditFanout.of(vertx, node.clustered());
    this.docs = new DocumentService(restore, snapshots, documents, edits, config);
    // A deleted session takes its document along (delete); an expired one must too, or a principal creating
    // short-lived sessions and typing into them would grow the cluster's memory without bound. Hazelcast tells the
    // member owning the session's partition when it removes the expired entry (on one of its event threads; the
    // delete does not wait).
    EntryExpiredListener<String, HazelcastJsonValue> expired = event -> documents.delete(event.getKey());
    this.expiry = sessions.addLocalEntryListener(expired);
  }

  /**
   * Builds the node's service (declaring and opening the maps is a blocking cluster call: on a worker); after the
   * Redis store started, when there is one.
   */
  public static Future<SessionService> open(Vertx vertx, JsonObject config) {
    ClusterNode node = ClusterNode.get(vertx);
    Context context = vertx.getOrCreateContext(); // where the document snapshots read (their own writes are locked)
    return vertx.executeBlocking(() -> new SessionService(vertx, context, config, node), false);
  }

  /** Stops the creation budget's sweeper (on the node's shutdown). */
  public void close() {
    creations.close();
    sessions.removeEntryListener(expiry);
  }

  IMap<String, HazelcastJsonValue> sessions() {
    return sessions;
  }

  /** The node's applied edits, for the gateways and the MCP relay to listen to. */
  public EditFanout edits() {
    return edits;
  }

  SessionRestore restore() {
    return restore;
  }

  /** Null without Redis. */
  DocumentSnapshots snapshots() {
    return snapshots;
  }

  boolean archived() {
    return archive != null;
  }

  // ------------------------------------------------------------------ operations

  /** {@code body}: {@code title, metadata?, ttlSeconds?, state?}; answers the session as the API shows it. */
  public Future<JsonObject> create(Principal principal, JsonObject body) {
    return metered(SessionApi.CREATE, () -> {
      if (!SessionPolicy.mayCreate(principal)) {
        return denied(principal, "create", null, "creating sessions needs the user or admin role");
      }
      limits.checkCreate(body);
      long wait = creations.acquire(principal.subject());
      if (wait > 0) {
        long seconds = RateLimiter.retryAfterSeconds(wait);
        return Future.failedFuture(new ServiceError(ErrorCode.RATE_LIMITED, "too many sessions created ("
          + CREATE_PER_SECOND + "), retry in " + seconds + " s"));
      }
      long now = System.currentTimeMillis();
      long ttlSeconds = body.getLong("ttlSeconds", limits.defaultTtlSeconds());
      Session session = new Session(UUID.randomUUID().toString(), body.getString("title"), principal.subject(),
        SessionState.parse(body.getString("state", "active")), body.getJsonObject("metadata", new JsonObject()),
        now, now, now + ttlSeconds * 1000, 1);
      // a slot of the owner's quota first; given back if the insert does not happen
      return quota.reserve(principal.subject(), session.id(), session.expiresAt(), now)
        .compose(v -> ClusterFutures.on(sessions.submitToKey(session.id(), new CreateSessionProcessor(session, now)),
            vertx)
          .compose(result -> unwrap(principal, "create", session.id(), result))
          .onFailure(err -> quota.release(principal.subject(), session.id())))
        .map(stored -> {
          archive(stored);
          Audit.record(vertx, Audit.SESSION_CREATED, new JsonObject().put("sub", principal.subject())
            .put("session", session.id()));
          return Session.fromStored(stored).toApi();
        });
    });
  }

  public Future<JsonObject> get(Principal principal, String id) {
    return metered(SessionApi.GET, () -> {
      requiredId(id);
      if (!SessionPolicy.mayRead(principal)) {
        return denied(principal, "read", id, "reading sessions needs the viewer, user or admin role");
      }
      return restore.find(id).compose(session -> session == null
        ? Future.failedFuture(ServiceError.notFound("session"))
        : Future.succeededFuture(session.toApi()));
    });
  }

  /** {@code req}: {@code state?, owner?, limit?, cursor?}; answers {@code {items, nextCursor?}}. */
  public Future<JsonObject> list(Principal principal, JsonObject req) {
    return metered(SessionApi.LIST, () -> {
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
    });
  }

  /** {@code ifMatch}: the version the caller last saw, or -1 for none; answers the updated session. */
  public Future<JsonObject> update(Principal principal, String id, JsonObject patch, long ifMatch) {
    return metered(SessionApi.UPDATE, () -> {
      requiredId(id);
      limits.checkPatch(patch);
      UpdateSessionProcessor processor = new UpdateSessionProcessor(principal, patch, ifMatch, System.currentTimeMillis());
      return ClusterFutures.on(sessions.submitToKey(id, processor), vertx)
        .compose(result -> !restore.enabled() || !notFound(result) ? Future.succeededFuture(result)
          // Not in memory: perhaps only in Redis (the cluster restarted). Reload it and try once more.
          : restore.reload(id).compose(s -> s == null ? Future.succeededFuture(result)
            : ClusterFutures.on(sessions.submitToKey(id, processor), vertx)))
        .compose(result -> unwrap(principal, "update", id, result))
        .map(stored -> {
          archive(stored);
          if (patch.containsKey("ttlSeconds")) { // the owner's slot lives as long as the session
            quota.extend(stored.getString("owner"), id, stored.getLong("expiresAt"));
          }
          return Session.fromStored(stored).toApi();
        });
    });
  }

  /** Answers {@code {id, deleted: true}}. */
  public Future<JsonObject> delete(Principal principal, String id, long ifMatch) {
    return metered(SessionApi.DELETE, () -> {
      requiredId(id);
      DeleteSessionProcessor processor = new DeleteSessionProcessor(principal, ifMatch, System.currentTimeMillis());
      if (!restore.enabled()) {
        return ClusterFutures.on(sessions.submitToKey(id, processor), vertx)
          .compose(result -> deleted(principal, id, result));
      }
      // With Redis: the session may have to be reloaded first, and a tombstone must be in place before it goes, so
      // that no reload racing this delete brings it back from Redis (which may not have the delete yet).
      return restore.find(id).compose(session -> session == null
        ? Future.failedFuture(ServiceError.notFound("session"))
        : restore.tombstone(session)
          .compose(v -> ClusterFutures.on(sessions.submitToKey(id, processor), vertx))
          .compose(result -> deleted(principal, id, result).recover(err ->
            restore.untombstone(id).transform(v -> Future.<JsonObject>failedFuture(err)))));
    });
  }

  /**
   * Runs one operation of the service: counted by outcome ({@code switchboard_session_operations}), a request that
   * throws (a bad field, a wrong type) answered as its error, anything that is not a {@link ServiceError} logged and
   * answered as {@code internal}.
   */
  // ------------------------------------------------------------------ documents (DocumentService, counted here)

  /** The session's document: {@code {session, epoch, text, revision}}. */
  public Future<JsonObject> document(Principal principal, String id) {
    return metered(SessionApi.DOCUMENT, () -> docs.read(principal, requiredId(id)));
  }

  /** The document's edits after {@code since}: {@code {session, epoch, since, revision, edits}}. */
  public Future<JsonObject> documentHistory(Principal principal, String id, long since, int limit, String epoch) {
    return metered(SessionApi.HISTORY, () -> docs.history(principal, requiredId(id), since, limit, epoch));
  }

  /** An edit in the ot.js wire form (bridges, REST, MCP), parsed strictly within the node's limits. */
  public Future<JsonObject> edit(Principal principal, String id, long baseRevision, JsonArray op, String origin,
                                 String clientEditId, boolean resent) {
    return metered(SessionApi.EDIT, () -> docs.edit(principal, requiredId(id), baseRevision, op, origin,
      clientEditId, resent));
  }

  /** An edit already parsed by the WebSocket codec; the event it answers is also announced on {@link SessionApi#EDITS}. */
  public Future<JsonObject> edit(Principal principal, String id, long baseRevision, TextOperation op, String origin,
                                 String clientEditId, boolean resent) {
    return metered(SessionApi.EDIT, () -> docs.edit(principal, requiredId(id), baseRevision, op, origin,
      clientEditId, resent));
  }

  Future<JsonObject> metered(String op, Supplier<Future<JsonObject>> operation) {
    Future<JsonObject> result;
    try {
      result = operation.get();
    } catch (ServiceError e) {
      result = Future.failedFuture(e);
    } catch (IllegalArgumentException | ClassCastException e) {
      result = Future.failedFuture(ServiceError.badRequest("malformed request: " + e.getMessage()));
    }
    return result.transform(ar -> {
      if (ar.succeeded()) {
        metrics.sessionOperation(op, "ok");
        return Future.succeededFuture(ar.result());
      }
      ServiceError error = ar.cause() instanceof ServiceError se ? se : internal(ar.cause());
      metrics.sessionOperation(op, error.code().code());
      return Future.failedFuture(error);
    });
  }

  // ------------------------------------------------------------------ helpers

  private Future<JsonObject> deleted(Principal principal, String id, String result) {
    return unwrap(principal, "delete", id, result).map(stored -> {
      documents.delete(id); // the session's document goes with it (asynchronously; nothing waits on it)
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
  private void archive(JsonObject stored) {
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

  void auditDenied(Principal principal, String action, String id) {
    JsonObject details = new JsonObject().put("sub", principal.subject())
      .put("roles", principal.toJson().getJsonArray("roles")).put("action", "session." + action);
    if (id != null) {
      details.put("session", id);
    }
    Audit.record(vertx, Audit.ACCESS_DENIED, details);
  }

  static String requiredId(String id) {
    if (id == null || id.isBlank()) {
      throw ServiceError.badRequest("session id missing");
    }
    return id;
  }


  private static ServiceError internal(Throwable err) {
    LOG.error("session service failure", err);
    return new ServiceError(ErrorCode.INTERNAL, "internal error");
  }
}
