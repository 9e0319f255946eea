package io.switchboard.security;

import io.switchboard.config.ConfigLoader;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier remembers tokens it verified, and never longer than the full check would accept them: a token is
 * refused once its {@code exp} has passed even though it was served from the cache a moment before; a token with a
 * bad signature is never remembered as the good one.
 */
class TokenCacheTest {

  private static Vertx vertx;
  private static TokenVerifier verifier;
  private static Tokens tokens;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    // no clock-skew leeway, so that "expired" means past exp to the second, cached or not
    JsonObject config = ConfigLoader.load(TestNodes.config(TestNodes.freePort()).put("auth.jwt.leeway-seconds", 0));
    JWTAuth jwt = await(JwtKeys.load(vertx, config));
    verifier = new TokenVerifier(jwt, config);
    tokens = new Tokens(vertx, TestNodes.SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String token = tokens.sign(Tokens.claims("brief", "user").put("exp", now + 2), "HS256");
    assertEquals("brief", await(verifier.verify(token)).subject());
    assertEquals("brief", await(verifier.verify(token)).subject()); // from the cache
    Thread.sleep(2600);
    ExecutionException refused = assertThrows(ExecutionException.class, () -> await(verifier.verify(token)));
    assertTrue(refused.getCause().getMessage().contains("expired"), refused.getCause().getMessage());
  }

  @Test
  void aForgedTokenIsNotTheGoodOne() throws Exception {
    String good = tokens.token("carol", "user");
    assertEquals("carol", await(verifier.verify(good)).subject());
    String forged = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA" + good.substring(good.lastIndexOf('.') + 5);
    assertThrows(ExecutionException.class, () -> await(verifier.verify(forged)));
    assertThrows(ExecutionException.class, () -> await(verifier.verify(forged)));
  }
}
