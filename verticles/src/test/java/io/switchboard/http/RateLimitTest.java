package io.switchboard.http;

import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-principal token buckets: the fourth quick request of a burst of 3 is a 429 with Retry-After; others unaffected. */
@ExtendWith(VertxExtension.class)
class RateLimitTest {

  @Test
  void overTheLimitIs429WithRetryAfterPerPrincipal(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    Rest rest = new Rest(vertx, port);
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    String greedy = tokens.token("greedy", "user");
    String polite = tokens.token("polite", "user");
    TestNodes.deploy(vertx, TestNodes.config(port).put("http.rate-limit.per-second", 0.2).put("http.rate-limit.burst", 3))
      .compose(id -> rest.get("/api/sessions", greedy))
      .compose(r -> rest.get("/api/sessions", greedy))
      .compose(r -> rest.get("/api/sessions", greedy))
      .compose(third -> {
        ctx.verify(() -> assertEquals(200, third.statusCode()));
        return rest.get("/api/sessions", greedy);
      })
      .compose(limited -> {
        ctx.verify(() -> {
          assertEquals(429, limited.statusCode());
          assertEquals("rate_limited", Rest.code(limited));
          long retry = Long.parseLong(limited.getHeader("Retry-After"));
          assertTrue(retry >= 1 && retry <= 5, "at 0.2/s a token is at most 5 s away, got " + retry);
        });
        return rest.get("/api/sessions", polite);
      })
      .compose(other -> {
        ctx.verify(() -> assertEquals(200, other.statusCode(), "buckets are per principal"));
        return rest.get("/metrics", null);
      })
      .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
        assertTrue(metrics.bodyAsString().contains("switchboard_rate_limit_rejections_total{scope=\"rest\"} 1.0"));
        rest.close();
        ctx.completeNow();
      })));
  }
}
