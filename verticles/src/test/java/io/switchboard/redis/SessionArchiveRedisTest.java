package io.switchboard.redis;

import io.switchboard.cluster.NodeServices;
import io.switchboard.session.SessionArchive;
import io.switchboard.support.RedisServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The Redis session archive's write rules against a real redis-server: writes arrive late, twice or out of order
 * (several nodes, a resent batch), and none of that may regress what Redis holds or revive a deleted session.
 */
@ExtendWith(VertxExtension.class)
class SessionArchiveRedisTest {

  private final RedisServer redis = RedisServer.start();

  @AfterEach
  void stopRedis() {
    redis.stop();
  }

  @Test
  void anOlderWriteNeverReplacesANewerOne(Vertx vertx, VertxTestContext ctx) {
    long expiresAt = System.currentTimeMillis() + 3_600_000;
    vertx.deployVerticle(new RedisVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put(RedisSettings.URL, redis.url())))
      .compose(deployment -> {
        SessionArchive archive = NodeServices.find(vertx, SessionArchive.KEY);
        archive.saveSession(session("s1", 3, expiresAt));
        archive.saveSession(session("s1", 2, expiresAt)); // late
        archive.saveDocument("s1", expiresAt, snapshot("e1", 5));
        archive.saveDocument("s1", expiresAt, snapshot("e1", 3)); // late
        archive.saveDocument("s1", expiresAt, snapshot("e1", 5)); // resent
        archive.saveSession(session("gone", 1, expiresAt));
        archive.saveDocument("gone", expiresAt, snapshot("e2", 1));
        archive.deleteSession("gone", expiresAt);
        archive.saveSession(session("gone", 2, expiresAt)); // late, from another node
        archive.saveDocument("gone", expiresAt, snapshot("e2", 2));
        archive.saveSession(session("old", 1, System.currentTimeMillis() - 1)); // already expired
        return RedisStore.find(vertx).flushed()
          .compose(v -> archive.loadSession("s1"))
          .compose(s -> {
            ctx.verify(() -> assertEquals(3L, s.getLong("version")));
            return archive.loadDocument("s1");
          })
          .compose(d -> {
            ctx.verify(() -> assertEquals(5L, d.getJsonObject("document").getLong("revision")));
            return archive.loadSession("gone");
          })
          .compose(s -> {
            ctx.verify(() -> assertNull(s, "a deleted session does not come back"));
            return archive.loadDocument("gone");
          })
          .compose(d -> {
            ctx.verify(() -> assertNull(d, "nor does its document"));
            return archive.loadSessions(System.currentTimeMillis());
          })
          .map(all -> {
            ctx.verify(() -> assertEquals(1, all.size(), "only s1 is listed: " + all));
            return null;
          })
          .compose(v -> vertx.undeploy(deployment));
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  private static JsonObject session(String id, long version, long expiresAt) {
    long now = System.currentTimeMillis();
    return new JsonObject().put("id", id).put("title", "t" + version).put("owner", "alice").put("state", "active")
      .put("metadata", new JsonObject()).put("createdAt", now).put("updatedAt", now).put("expiresAt", expiresAt)
      .put("version", version);
  }

  /** A snapshot of the form SessionDocument.toJson gives (the text's content does not matter here). */
  private static JsonObject snapshot(String epoch, long revision) {
    return new JsonObject().put("epoch", epoch).put("edits", new JsonArray())
      .put("document", new JsonObject().put("text", "r" + revision).put("revision", revision)
        .put("history", new JsonArray()));
  }
}
