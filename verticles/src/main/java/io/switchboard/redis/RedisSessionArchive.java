package io.switchboard.redis;

import io.micrometer.core.instrument.Counter;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.session.SessionArchive;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Sessions and document snapshots in Redis (docs/durability.md, "Session snapshots"): per session a hash
 * {@code session:{id}} (version, expiresAt, the stored JSON; or a tombstone {@code deleted=1}), its document's hash
 * {@code session:{id}:doc} (epoch, revision, the snapshot JSON), both expiring with the session, and a sorted set
 * {@code sessions} of ids scored by expiry, from which a cluster that lost its memory lists them again. Writes go
 * through the store's write-behind buffer as Lua scripts (resources {@code redis/session-*.lua},
 * {@code redis/document-put.lua}) that compare versions and revisions, so a late or repeated write never regresses
 * what Redis holds and never revives a deleted session.
 */
public final class RedisSessionArchive implements SessionArchive {

  private static final String PUT = RedisScripts.load("redis/session-put.lua");
  private static final String DELETE = RedisScripts.load("redis/session-delete.lua");
  private static final String PUT_DOCUMENT = RedisScripts.load("redis/document-put.lua");
  private static final String LOAD_ALL = RedisScripts.load("redis/sessions-load.lua");
  /** A tombstone lives at least this long, even for a session that was about to expire: late writes are rare but slow. */
  static final long TOMBSTONE_MIN_MS = 24 * 3600 * 1000L;

  private final RedisStore store;
  private final Counter restoredSessions;
  private final Counter restoredDocuments;

  public RedisSessionArchive(RedisStore store, NodeMetrics metrics) {
    this.store = store;
    this.restoredSessions = restored(metrics, "session");
    this.restoredDocuments = restored(metrics, "document");
  }

  private static Counter restored(NodeMetrics metrics, String kind) {
    return Counter.builder("switchboard_redis_restored").description("sessions and documents reloaded from Redis "
      + "because the cluster's memory did not hold them").tag("kind", kind).register(metrics.registry());
  }

  private String sessionKey(String id) {
    return store.key("session:{" + id + "}");
  }

  private String documentKey(String id) {
    return sessionKey(id) + ":doc";
  }

  private String index() {
    return store.key("sessions");
  }

  @Override
  public void saveSession(JsonObject stored) {
    String id = stored.getString("id");
    String json = stored.encode();
    store.enqueue(RedisWrite.of(json.length() + 3 * id.length() + 128, Request.cmd(Command.EVAL).arg(PUT).arg(3)
      .arg(sessionKey(id)).arg(documentKey(id)).arg(index()).arg(id).arg(stored.getLong("version"))
      .arg(stored.getLong("expiresAt")).arg(json).arg(System.currentTimeMillis())));
  }

  @Override
  public void saveDocument(String id, long expiresAt, JsonObject snapshot) {
    String json = snapshot.encode();
    long revision = snapshot.getJsonObject("document").getLong("revision");
    store.enqueue(RedisWrite.of(json.length() + 2 * id.length() + 128, Request.cmd(Command.EVAL).arg(PUT_DOCUMENT)
      .arg(2).arg(documentKey(id)).arg(sessionKey(id)).arg(snapshot.getString("epoch")).arg(revision).arg(json)
      .arg(expiresAt)));
  }

  @Override
  public void deleteSession(String id, long expiresAt) {
    long until = Math.max(expiresAt, System.currentTimeMillis() + TOMBSTONE_MIN_MS);
    store.enqueue(RedisWrite.of(3 * id.length() + 128, Request.cmd(Command.EVAL).arg(DELETE).arg(3)
      .arg(sessionKey(id)).arg(documentKey(id)).arg(index()).arg(id).arg(until)));
  }

  @Override
  public Future<JsonObject> loadSession(String id) {
    return store.read(Request.cmd(Command.HMGET).arg(sessionKey(id)).arg("json").arg("deleted")).map(r -> {
      Response json = r.get(0);
      if (json == null || r.get(1) != null && "1".equals(r.get(1).toString())) {
        return null;
      }
      JsonObject stored = new JsonObject(json.toString());
      if (stored.getLong("expiresAt") <= System.currentTimeMillis()) {
        return null;
      }
      restoredSessions.increment();
      return stored;
    });
  }

  @Override
  public Future<JsonObject> loadDocument(String id) {
    return store.read(Request.cmd(Command.HGET).arg(documentKey(id)).arg("json")).map(r -> {
      if (r == null) {
        return null;
      }
      restoredDocuments.increment();
      return new JsonObject(r.toString());
    });
  }

  @Override
  public Future<List<JsonObject>> loadSessions(long now) {
    String before = store.key("session:{");
    return store.read(Request.cmd(Command.EVAL).arg(LOAD_ALL).arg(1).arg(index()).arg(now).arg(before).arg("}"))
      .map(r -> {
        List<JsonObject> sessions = new ArrayList<>(r.size());
        r.forEach(json -> sessions.add(new JsonObject(json.toString())));
        return sessions;
      });
  }
}
