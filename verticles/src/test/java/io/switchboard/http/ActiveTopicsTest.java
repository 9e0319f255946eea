package io.switchboard.http;

import io.switchboard.support.Poll;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/topics/active}: the topics with traffic and their rates, each caller seeing only those it may read
 * (alice's own topic is in her list, never in bob's), and nothing without a token.
 */
@ExtendWith(VertxExtension.class)
class ActiveTopicsTest {

  @Test
  void eachCallerSeesTheActiveTopicsItMayRead(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    String alice = tokens.token("alice", "user");
    String bob = tokens.token("bob", "user");
    Rest rest = new Rest(vertx, port);
    JsonObject message = new JsonObject().put("payload", new JsonObject().put("n", 1));
    TestNodes.deploy(vertx, TestNodes.config(port))
      .compose(id -> rest.get("/api/topics/active", null))
      .compose(anonymous -> {
        ctx.verify(() -> assertEquals(401, anonymous.statusCode(), anonymous.bodyAsString()));
        // keep publishing until a vitals interval has counted both topics
        return Poll.until(vertx, "both topics active for alice", 40, 250, () -> Future.all(
            rest.post("/api/topics/public.lobby/messages", alice, message),
            rest.post("/api/topics/user.alice.notes/messages", alice, message))
          .compose(v -> rest.get("/api/topics/active", alice))
          .map(r -> topics(r.bodyAsJsonObject()).containsAll(Set.of("public.lobby", "user.alice.notes"))));
      })
      .compose(v -> rest.get("/api/topics/active", bob))
      .onComplete(ctx.succeeding(forBob -> ctx.verify(() -> {
        assertEquals(200, forBob.statusCode(), forBob.bodyAsString());
        Set<String> seen = topics(forBob.bodyAsJsonObject());
        assertTrue(seen.contains("public.lobby"), forBob.bodyAsString());
        assertFalse(seen.contains("user.alice.notes"), "bob may not read alice's topic: " + forBob.bodyAsString());
        JsonObject first = forBob.bodyAsJsonObject().getJsonArray("topics").getJsonObject(0);
        assertTrue(first.getDouble("perSecond") > 0, first.encode());
        ctx.completeNow();
      })));
  }

  private static Set<String> topics(JsonObject body) {
    return body.getJsonArray("topics").stream().map(t -> ((JsonObject) t).getString("topic")).collect(Collectors.toSet());
  }
}
