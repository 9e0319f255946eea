package io.switchboard.redis;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.CollabClient;
import io.switchboard.support.Poll;
import io.switchboard.support.RedisServer;
import io.switchboard.support.Rest;
import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What the session snapshot tests share: nodes on one Redis, appending edits over REST and WebSocket, a full stop. */
final class SessionSnapshots {

  private SessionSnapshots() {
  }

  static JsonObject config(int port, RedisServer redis) {
    return TestNodes.config(port)
      .put(RedisSettings.URL, redis.url())
      .put(RedisSettings.TIMEOUT_MS, 500)
      .put(RedisSettings.BREAKER_MAX_FAILURES, 2)
      .put(RedisSettings.BREAKER_RESET_TIMEOUT_MS, 200)
      // the restart test reloads every session through the bus on a cold cluster: on a loaded 2-core machine that
      // once took longer than the default 5 s; these tests check what survives, not how fast
      .put("bus.request-timeout-ms", 20_000);
  }

  /** Appends {@code text} to the session's document over REST (read, then edit at that revision); the new revision. */
  static Future<Long> append(Rest rest, String token, String session, String text) {
    return rest.get("/api/sessions/" + session + "/document", token).compose(r -> {
      JsonObject doc = r.bodyAsJsonObject();
      if (r.statusCode() != 200) {
        return Future.failedFuture("document answered " + r.statusCode() + " " + r.bodyAsString());
      }
      int length = doc.getString("text").codePointCount(0, doc.getString("text").length());
      JsonArray op = length == 0 ? new JsonArray().add(text) : new JsonArray().add(length).add(text);
      return rest.post("/api/sessions/" + session + "/edits", token,
        new JsonObject().put("revision", doc.getLong("revision")).put("op", op));
    }).compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject().getLong("revision"))
      : Future.failedFuture("edit answered " + r.statusCode() + " " + r.bodyAsString()));
  }

  /** {@code n} appends alternating between two nodes, tokens {@code prefix0..}, one after the other. */
  static Future<Long> appendAll(Rest a, Rest b, String token, String session, String prefix, int n) {
    Future<Long> chain = Future.succeededFuture(0L);
    for (int i = 0; i < n; i++) {
      int k = i;
      chain = chain.compose(v -> append(k % 2 == 0 ? a : b, token, session, "[" + prefix + k + "]"));
    }
    return chain;
  }

  /** Joins over WebSocket, inserts {@code n} tokens and waits until every one is acknowledged; then disconnects. */
  static Future<Void> collaborate(Vertx vertx, int wsPort, String token, String session, String prefix, int n) {
    return WsClient.connect(vertx, wsPort, token, Encoding.JSON).compose(ws -> ws.next("ready")
      .compose(r -> CollabClient.join(prefix, ws, session))
      .compose(c -> {
        for (int i = 0; i < n; i++) {
          c.insert(0, "<" + prefix + i + ">", prefix + i);
        }
        return Poll.until(vertx, "WebSocket edits acknowledged", 200, 25,
          () -> Future.succeededFuture(c.synced() && c.acknowledgedTokens().size() == n));
      })
      .eventually(ws::close));
  }

  static Future<JsonObject> document(Rest rest, String token, String session) {
    return rest.get("/api/sessions/" + session + "/document", token).compose(r -> r.statusCode() == 200
      ? Future.succeededFuture(r.bodyAsJsonObject())
      : Future.failedFuture("document answered " + r.statusCode() + " " + r.bodyAsString()));
  }

  static Future<JsonObject> health(Rest rest) {
    return rest.get("/api/health", null).map(r -> r.bodyAsJsonObject());
  }

  /** A graceful stop of every node, one after the other (what a rolling SIGTERM does); the milliseconds it took. */
  static Future<Long> stopAll(TestCluster cluster, int size) {
    long start = System.nanoTime();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < size; i++) {
      Vertx node = cluster.node(i);
      chain = chain.compose(v -> node.close());
    }
    return chain.map(v -> (System.nanoTime() - start) / 1_000_000);
  }
}
