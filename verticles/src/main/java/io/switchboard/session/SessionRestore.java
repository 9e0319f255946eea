package io.switchboard.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.ClusterFutures;
import io.switchboard.cluster.EntryStore;
import io.switchboard.cluster.OwnerReads;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * Brings sessions and documents back from the {@link SessionArchive} when the cluster's memory lost them (every node
 * restarted): a single session or document when it is asked for and missing, every session before the first list
 * (once per cluster, remembered in a Hazelcast map). Nodes reloading at once are safe: inserts happen only where
 * nothing is (entry processors on the partition owner). Expired sessions stay gone. A session deleted here keeps a
 * tombstone in Hazelcast until its expiry, so that a reload racing the delete (Redis may not have received it yet)
 * cannot bring it back. Without an archive every method answers as if there were nothing to restore.
 */
final class SessionRestore {

  /** Sessions deleted while an archive may still hold them: id to expiry (epoch ms), each expiring then. */
  static final String DELETED = "switchboard.sessions.deleted";
  /** Holds {@code all=true} once this cluster has reloaded every session from the archive. */
  static final String RESTORED = "switchboard.sessions.restored";

  /** Each answer completes on the caller's context: the service is called from every event loop of the node. */
  private final Vertx vertx;
  private final IMap<String, HazelcastJsonValue> sessions;
  /** A session this member owns is read in place (null on a client-side map: always ask the cluster). */
  private final OwnerReads<String, HazelcastJsonValue> ownedSessions;
  private final EntryStore<SessionDocument> documents;
  private final IMap<String, Long> deleted;
  private final IMap<String, Boolean> restored;
  private final SessionArchive archive;
  private final SessionPages pages;
  private final SessionQuota quota;
  private final ParsedSessions parsed = new ParsedSessions();

  SessionRestore(Vertx vertx, HazelcastInstance hz, IMap<String, HazelcastJsonValue> sessions,
                 EntryStore<SessionDocument> documents, SessionArchive archive, SessionPages pages,
                 SessionQuota quota) { // blocking
    this.vertx = vertx;
    this.pages = pages;
    this.quota = quota;
    this.sessions = sessions;
    this.ownedSessions = OwnerReads.of(sessions);
    this.documents = documents;
    // Without an archive there is nothing to restore: no maps (creating a proxy is a blocking cluster call).
    this.deleted = archive == null ? null : hz.getMap(DELETED);
    this.restored = archive == null ? null : hz.getMap(RESTORED);
    this.archive = archive;
  }

  /** Whether there is an archive to restore from (Redis configured). */
  boolean enabled() {
    return archive != null;
  }

  /** The live session: from the cluster, else reloaded from the archive; null when neither holds it. */
  Future<Session> find(String id) {
    HazelcastJsonValue owned = ownedSessions == null ? null : ownedSessions.get(id);
    Future<HazelcastJsonValue> stored = owned != null ? Future.succeededFuture(owned)
      : ClusterFutures.on(sessions.getAsync(id), vertx);
    return stored.compose(value -> value != null
        ? Future.succeededFuture(parsed.parse(id, value.toString()))
        : reload(id))
      .map(s -> s == null || s.expired(System.currentTimeMillis()) ? null : s);
  }

  /** Reloads a session missing from the cluster; null when the archive holds none (or it was deleted here). */
  Future<Session> reload(String id) {
    if (archive == null) {
      return Future.succeededFuture();
    }
    return ClusterFutures.on(deleted.getAsync(id), vertx).compose(tombstone -> tombstone != null
      ? Future.succeededFuture()
      : unavailable(archive.loadSession(id), "session " + id).compose(stored -> stored == null
        ? Future.succeededFuture() : insert(stored)));
  }

  /** Every session the archive holds, put back once per cluster (before the first list after a full restart). */
  Future<Void> reloadAll() {
    if (archive == null) {
      return Future.succeededFuture();
    }
    return ClusterFutures.on(restored.getAsync("all"), vertx).compose(done -> {
      if (done != null) {
        return Future.succeededFuture();
      }
      return unavailable(archive.loadSessions(System.currentTimeMillis()), "the session list")
        .compose(all -> Future.all(all.stream().map(this::insertUnlessDeleted).toList()))
        .compose(v -> ClusterFutures.on(restored.setAsync("all", true), vertx));
    });
  }

  /**
   * Puts a document missing from the cluster back from the archive, if it holds one (after which the caller retries);
   * fails with {@code unavailable} when the archive cannot be asked.
   */
  Future<Void> reloadDocument(String id) {
    return unavailable(archive.loadDocument(id), "the document of session " + id).compose(snapshot -> snapshot == null
      ? Future.succeededFuture()
      : documents.submit(id, new RestoreDocumentProcessor(snapshot)).mapEmpty());
  }

  /** Before a delete: from now on no reload brings the session back, whatever the archive still holds. */
  Future<Void> tombstone(Session session) {
    long now = System.currentTimeMillis();
    return archive == null ? Future.succeededFuture()
      : ClusterFutures.on(deleted.setAsync(session.id(), session.expiresAt(), session.ttlMillis(now),
        TimeUnit.MILLISECONDS), vertx);
  }

  /** The delete did not happen after all (refused): reloads may bring the session back again. */
  Future<Void> untombstone(String id) {
    return archive == null ? Future.succeededFuture() : ClusterFutures.on(deleted.removeAsync(id), vertx).mapEmpty();
  }

  private Future<Void> insertUnlessDeleted(JsonObject stored) {
    return ClusterFutures.on(deleted.getAsync(stored.getString("id")), vertx)
      .compose(tombstone -> tombstone != null ? Future.succeededFuture() : insert(stored).mapEmpty());
  }

  /**
   * Inserts a reloaded session where nothing is, then answers what the cluster holds. A delete sets its tombstone
   * before removing the session, so a tombstone seen after the insert means the delete may have missed it: undo.
   */
  private Future<Session> insert(JsonObject stored) {
    Session session = Session.fromStored(stored);
    long now = System.currentTimeMillis();
    if (session.expired(now)) {
      return Future.succeededFuture();
    }
    String id = session.id();
    // first, so that the listing's first page starts no later than this (older) session
    return ClusterFutures.on(pages.lower(session.createdAt()), vertx)
      .compose(v -> quota.restored(session.owner(), id, session.expiresAt(), now))
      .compose(v -> ClusterFutures.on(sessions.submitToKey(id, new CreateSessionProcessor(session, now)), vertx))
      .compose(inserted -> ClusterFutures.on(deleted.getAsync(id), vertx))
      .compose(tombstone -> tombstone != null
        ? ClusterFutures.on(sessions.removeAsync(id), vertx).map(v -> (HazelcastJsonValue) null)
        : ClusterFutures.on(sessions.getAsync(id), vertx))
      .map(value -> value == null ? null : Session.fromStored(new JsonObject(value.toString())));
  }

  /** A failed archive read becomes {@code unavailable} (503) with the reason: never a hang, never a guess. */
  private static <T> Future<T> unavailable(Future<T> read, String what) {
    return read.recover(err -> Future.failedFuture(new ServiceError(ErrorCode.UNAVAILABLE, what
      + " is not in the cluster's memory and Redis, which keeps it, cannot be read now (" + err.getMessage()
      + "); try again when Redis is back")));
  }

}
