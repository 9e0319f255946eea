package io.switchboard.security;

import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loopback node with no configured key generates a secret and hands out development tokens. */
@ExtendWith(VertxExtension.class)
class DevTokenEndpointTest {

  @Test
  void loopbackNodeWithGeneratedSecretIssuesWorkingTokens(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    Rest rest = new Rest(vertx, port);
    JsonObject config = TestNodes.base(port);
    TestNodes.deploy(vertx, config)
      .compose(id -> rest.post("/api/auth/token", null, new JsonObject().put("sub", "")
        .put("ttlSeconds", 10_000_000).put("roles", new JsonArray().add(3))))
      .compose(bad -> {
        ctx.verify(() -> {
          assertEquals(400, bad.statusCode());
          assertEquals(3, bad.bodyAsJsonObject().getJsonObject("error").getJsonObject("fields").size());
        });
        return rest.post("/api/auth/token", null, new JsonObject().put("sub", "alice")
          .put("roles", new JsonArray().add("user")).put("ttlSeconds", 120));
      })
      .compose(issued -> {
        JsonObject body = issued.bodyAsJsonObject();
        ctx.verify(() -> {
          assertEquals(200, issued.statusCode());
          assertEquals("Bearer", body.getString("tokenType"));
          assertEquals(120, body.getInteger("expiresIn"));
        });
        return rest.createSession(body.getString("token"), "with a dev token");
      })
      .onComplete(ctx.succeeding(session -> ctx.verify(() -> {
        assertEquals("alice", session.getString("owner"));
        rest.close();
        ctx.completeNow();
      })));
  }

  @Test
  void autoModeIsOnlyForLoopbackNodesWithAGeneratedSecret() {
    JsonObject generated = io.switchboard.config.ConfigLoader.defaults().put(SecurityConfig.JWT_SECRET_GENERATED, true)
      .put(SecurityConfig.DEV_TOKENS, "auto");
    assertTrue(DevTokens.enabled(generated.copy().put("http.host", "127.0.0.1")));
    assertTrue(DevTokens.enabled(generated.copy().put("http.host", "localhost")));
    assertFalse(DevTokens.enabled(generated.copy().put("http.host", "0.0.0.0")));
    // Every listening port counts, not only REST's: a WebSocket or bridge port on the network makes the node reachable.
    assertFalse(DevTokens.enabled(generated.copy().put("ws.host", "0.0.0.0")));
    assertFalse(DevTokens.enabled(generated.copy().put("bridge.tcp.host", "0.0.0.0")));
    assertFalse(DevTokens.enabled(generated.copy().put("bridge.tcp.host", "192.0.2.7")));
    assertTrue(DevTokens.enabled(generated.copy().put("bridge.tcp.enabled", false).put("bridge.tcp.host", "0.0.0.0")));
    assertFalse(DevTokens.enabled(generated.copy().put("http.host", "127.0.0.1").put(SecurityConfig.JWT_SECRET_GENERATED, false)));
    assertTrue(DevTokens.enabled(new JsonObject().put(SecurityConfig.DEV_TOKENS, "true").put("http.host", "0.0.0.0")));
    assertFalse(DevTokens.enabled(generated.copy().put("http.host", "127.0.0.1").put(SecurityConfig.DEV_TOKENS, "false")));
  }
}
