package io.switchboard.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

import java.util.List;

/**
 * Where sessions and their documents outlive the cluster's memory (Redis when {@code redis.url} is set; see
 * docs/durability.md, "Session snapshots"). The session service writes every change through it (write-behind:
 * the calls never wait) and, when a session or document is missing from Hazelcast (e.g. after every node was
 * restarted), reloads it from here before answering. One per node, registered by whoever creates it under
 * {@link #KEY}; absent
 * without Redis, and then the session service behaves as it always did.
 */
public interface SessionArchive extends Shareable {

  /** Stores a session in its stored form ({@link Session#toStored}); an older version never replaces a newer. */
  void saveSession(JsonObject stored);

  /** Stores a document snapshot ({@link SessionDocument#toJson}); an older revision never replaces a newer. */
  void saveDocument(String id, long expiresAt, JsonObject snapshot);

  /** Removes a session and its document, leaving a tombstone so that a late write cannot bring them back. */
  void deleteSession(String id, long expiresAt);

  /** The stored form of a session, or null if the archive holds none (absent, deleted or expired). */
  Future<JsonObject> loadSession(String id);

  /** A document snapshot, or null. */
  Future<JsonObject> loadDocument(String id);

  /** The stored form of every session that has not expired at {@code now}. */
  Future<List<JsonObject>> loadSessions(long now);

  /** Its key among the node's shared objects ({@link io.switchboard.cluster.NodeServices}). */
  String KEY = "session-archive";
}
