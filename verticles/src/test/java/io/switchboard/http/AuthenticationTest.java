package io.switchboard.http;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.switchboard.support.Rest.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bearer tokens on the REST API (HS256 node): every way a token can be wrong is a 401 with a precise reason, an
 * RFC 6750 challenge and an audit line; health and metrics stay public; the dev token endpoint is absent when a
 * secret is configured.
 */
@ExtendWith(VertxExtension.class)
class AuthenticationTest {

  private static Rest rest;
  private static Tokens tokens;
  private static Path audit;

  @BeforeAll
  static void startNode(Vertx vertx, VertxTestContext ctx) throws Exception {
    int port = TestNodes.freePort();
    audit = Files.createTempFile("audit", ".jsonl");
    tokens = new Tokens(vertx, TestNodes.SECRET);
    rest = new Rest(vertx, port);
    TestNodes.deploy(vertx, TestNodes.config(port).put("audit.file", audit.toString()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop() {
    rest.close();
  }

  private static Future<HttpResponse<Buffer>> list(String token) {
    return rest.get("/api/sessions", token);
  }

  private static void assertRefused(HttpResponse<Buffer> r, String code, String message) {
    assertEquals(401, r.statusCode(), r.bodyAsString());
    JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"));
    assertEquals(message, error.getString("message"));
    assertTrue(r.getHeader("WWW-Authenticate").startsWith("Bearer realm=\"switchboard\""));
  }

  @Test
  void missingTokenIs401WithChallenge(VertxTestContext ctx) {
    list(null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertRefused(r, "unauthorized", "a bearer token is required");
      ctx.completeNow();
    })));
  }

  @Test
  void expiredTokenIs401(VertxTestContext ctx) {
    long now = System.currentTimeMillis() / 1000;
    String expired = tokens.sign(Tokens.claims("a", "user").put("iat", now - 7200).put("exp", now - 3600), "HS256");
    list(expired).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertRefused(r, "invalid_token", "token expired");
      assertTrue(r.getHeader("WWW-Authenticate").contains("error=\"invalid_token\""));
      ctx.completeNow();
    })));
  }

  @Test
  void notYetValidTokenIs401(VertxTestContext ctx) {
    long now = System.currentTimeMillis() / 1000;
    String early = tokens.sign(Tokens.claims("a", "user").put("nbf", now + 3600), "HS256");
    list(early).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertRefused(r, "invalid_token", "token not yet valid (nbf)");
      ctx.completeNow();
    })));
  }

  @Test
  void wronglySignedTokenIs401(Vertx vertx, VertxTestContext ctx) {
    String forged = new Tokens(vertx, "another-secret-entirely-0123456789").token("mallory", "admin");
    list(forged).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertRefused(r, "invalid_token", "token signature invalid");
      ctx.completeNow();
    })));
  }

  @Test
  void wrongAudienceIs401(VertxTestContext ctx) {
    String token = tokens.sign(Tokens.claims("a", "user").put("aud", "some-other-service"), "HS256");
    list(token).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertRefused(r, "invalid_token", "token audience not accepted");
      ctx.completeNow();
    })));
  }

  @Test
  void wrongIssuerIs401(VertxTestContext ctx) {
    String token = tokens.sign(Tokens.claims("a", "user").put("iss", "evil-idp"), "HS256");
    list(token).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertRefused(r, "invalid_token", "token issuer not accepted");
      ctx.completeNow();
    })));
  }

  @Test
  void algNoneIs401(VertxTestContext ctx) {
    list(Tokens.unsigned(Tokens.claims("mallory", "admin"))).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertRefused(r, "invalid_token", "token algorithm not accepted");
      ctx.completeNow();
    })));
  }

  @Test
  void garbageAndSubjectlessTokensAre401(VertxTestContext ctx) {
    list("not.a.jwt").compose(r -> {
      ctx.verify(() -> assertRefused(r, "invalid_token", "token malformed"));
      JsonObject noSub = Tokens.claims("x", "user");
      noSub.remove("sub");
      return list(tokens.sign(noSub, "HS256"));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertRefused(r, "invalid_token", "token has no subject (sub)");
      ctx.completeNow();
    })));
  }

  @Test
  void healthAndMetricsArePublicAndDevTokensAreOff(VertxTestContext ctx) {
    rest.get("/api/health", null).compose(health -> {
      ctx.verify(() -> {
        assertEquals(200, health.statusCode());
        JsonObject h = health.bodyAsJsonObject();
        assertEquals("ok", h.getString("status"));
        assertEquals(1, h.getJsonArray("members").size());
        assertEquals(h.getString("nodeId"), h.getJsonArray("members").getString(0));
        assertEquals("ok", h.getJsonObject("dependencies").getJsonObject("hazelcast").getString("status"));
        assertTrue(h.getLong("uptimeSeconds") >= 0);
      });
      return rest.post("/api/auth/token", null, new JsonObject().put("sub", "x"));
    }).compose(token -> {
      ctx.verify(() -> assertEquals(404, token.statusCode(), "a configured secret turns dev tokens off"));
      return list(null);
    }).compose(refused -> rest.get("/metrics", null)).onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
      assertEquals(200, metrics.statusCode());
      String text = metrics.bodyAsString();
      assertTrue(text.lines().anyMatch(l -> l.startsWith("switchboard_auth_failures_total{reason=\"unauthorized\"} ")
        && !l.endsWith(" 0.0")), text);
      assertTrue(text.contains("switchboard_http_requests_total{route=\"/api/sessions\",status=\"401\"}"), text);
      assertTrue(text.contains("\nswitchboard_sessions "), text);
      ctx.completeNow();
    })));
  }

  @Test
  void securityEventsAreAuditedAsJsonLines(Vertx vertx, VertxTestContext ctx) {
    String owner = tokens.token("auditee", "user");
    rest.createSession(owner, "audited")
      .compose(s -> rest.delete("/api/sessions/" + s.getString("id"), tokens.token("intruder", "user"), null)
        .compose(denied -> rest.delete("/api/sessions/" + s.getString("id"), owner, null))
        .compose(deleted -> list("garbage"))
        .map(s.getString("id")))
      .compose(id -> awaitAudit(vertx, 50).map(lines -> {
        ctx.verify(() -> {
          assertTrue(has(lines, "session_created", "auditee", id), lines.toString());
          assertTrue(has(lines, "access_denied", "intruder", id), lines.toString());
          assertTrue(has(lines, "session_deleted", "auditee", id), lines.toString());
          assertTrue(lines.stream().anyMatch(l -> l.getString("event").equals("auth_failed")
            && "token malformed".equals(l.getString("reason"))), lines.toString());
          lines.forEach(l -> assertFalse(l.getString("node", "").isEmpty()));
        });
        return null;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  private static boolean has(List<JsonObject> lines, String event, String sub, String session) {
    return lines.stream().anyMatch(l -> event.equals(l.getString("event")) && sub.equals(l.getString("sub"))
      && session.equals(l.getString("session")));
  }

  /**
   * Reads the audit file until its deletion line shows up (bounded). The log is written asynchronously with
   * positioned writes that may complete out of order, so a read in the middle of a burst can meet a region not
   * yet filled; such a read counts as incomplete and is retried.
   */
  private static Future<List<JsonObject>> awaitAudit(Vertx vertx, int triesLeft) {
    return vertx.fileSystem().readFile(audit.toString()).compose(buf -> {
      List<JsonObject> lines = new java.util.ArrayList<>();
      boolean whole = true;
      for (String l : buf.toString().lines().filter(l -> !l.isBlank()).toList()) {
        try {
          lines.add(new JsonObject(l));
        } catch (io.vertx.core.json.DecodeException partial) {
          whole = false;
        }
      }
      boolean complete = whole && lines.stream().anyMatch(l -> "session_deleted".equals(l.getString("event")))
        && lines.stream().anyMatch(l -> "token malformed".equals(l.getString("reason")));
      if (complete || triesLeft == 0) {
        return Future.succeededFuture(lines);
      }
      return Future.<Void>future(p -> vertx.setTimer(100, t -> p.complete())).compose(v -> awaitAudit(vertx, triesLeft - 1));
    });
  }
}
