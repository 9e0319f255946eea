package io.switchboard.session;

import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At most {@code sessions.max-per-owner} live sessions per principal: the next is refused with 409 and says why;
 * another principal is not affected; a deleted session and an expired one free their slot. (Before, only the
 * creation rate was bounded, and each session lives up to 30 days.)
 */
@ExtendWith(VertxExtension.class)
class SessionQuotaTest {

  @Test
  void aPrincipalOwnsAtMostTheBound(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    String alice = tokens.token("alice", "user");
    String bob = tokens.token("bob", "user");
    Rest rest = new Rest(vertx, port);
    String[] first = new String[1];
    TestNodes.deploy(vertx, TestNodes.config(port).put(SessionQuota.MAX_PER_OWNER, 3))
      .compose(id -> create(rest, alice, 600)).compose(r -> {
        first[0] = r.bodyAsJsonObject().getString("id");
        return create(rest, alice, 600);
      })
      .compose(r -> create(rest, alice, 1)) // the third lives 1 s
      .compose(r -> create(rest, alice, 600))
      .compose(fourth -> {
        ctx.verify(() -> {
          assertEquals(409, fourth.statusCode(), fourth.bodyAsString());
          JsonObject error = fourth.bodyAsJsonObject().getJsonObject("error");
          assertEquals("conflict", error.getString("code"));
          assertTrue(error.getString("message").contains("sessions.max-per-owner"), error.encode());
        });
        return create(rest, bob, 600);
      })
      .compose(forBob -> {
        ctx.verify(() -> assertEquals(201, forBob.statusCode(), "another principal has a bound of its own"));
        return rest.request(io.vertx.core.http.HttpMethod.DELETE, "/api/sessions/" + first[0], alice).send();
      })
      .compose(deleted -> {
        ctx.verify(() -> assertEquals(204, deleted.statusCode(), deleted.bodyAsString()));
        return create(rest, alice, 600);
      })
      .compose(afterDelete -> {
        ctx.verify(() -> assertEquals(201, afterDelete.statusCode(), "a deleted session frees its slot"));
        return vertx.timer(1500).compose(v -> create(rest, alice, 600));
      })
      .onComplete(ctx.succeeding(afterExpiry -> ctx.verify(() -> {
        assertEquals(201, afterExpiry.statusCode(), "an expired session frees its slot: " + afterExpiry.bodyAsString());
        ctx.completeNow();
      })));
  }

  private static Future<HttpResponse<Buffer>> create(Rest rest, String token, int ttlSeconds) {
    return rest.post("/api/sessions", token, new JsonObject().put("title", "quota").put("ttlSeconds", ttlSeconds));
  }
}
