package io.switchboard.ws;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way in (cookie, header, query parameter) and every refusal, checked before the upgrade. */
@ExtendWith(VertxExtension.class)
class WsHandshakeTest {

  private static int wsPort;
  private static Tokens tokens;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort());
    wsPort = config.getInteger("ws.port");
    tokens = new Tokens(vertx, TestNodes.SECRET);
    TestNodes.deploy(vertx, config).onComplete(ctx.succeedingThenComplete());
  }

  private static void assertReady(JsonObject ready, String user, String encoding) {
    assertEquals("ready", ready.getString("type"));
    assertEquals(user, ready.getString("user"));
    assertEquals(1, ready.getInteger("protocol"));
    assertEquals(encoding, ready.getString("encoding"));
    assertTrue(ready.getString("connectionId").startsWith("c-"));
    assertTrue(ready.getString("nodeId").length() > 0);
    assertTrue(Math.abs(ready.getLong("serverTime") - System.currentTimeMillis()) < 60_000);
    assertEquals(25_000L, ready.getLong("heartbeatMs"));
    assertEquals(1_048_576, ready.getJsonObject("limits").getInteger("maxFrameBytes"));
    assertTrue(ready.getJsonArray("features").contains("resume"));
  }

  @Test
  void bearerHeaderAndJson(Vertx vertx, VertxTestContext ctx) {
    WsClient.connect(vertx, wsPort, tokens.token("alice", "user"), Encoding.JSON)
      .compose(c -> c.next("ready").compose(ready -> {
        ctx.verify(() -> assertReady(ready, "alice", "json"));
        return c.close();
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void cookieAndMsgPack(Vertx vertx, VertxTestContext ctx) {
    WebSocketConnectOptions o = WsClient.options(wsPort, null)
      .addHeader("Cookie", "theme=dark; access_token=" + tokens.token("bob", "user"))
      .addSubProtocol("switchboard.v1.msgpack");
    WsClient.connect(vertx, o, Encoding.MSGPACK)
      .compose(c -> c.next("ready").compose(ready -> {
        ctx.verify(() -> assertReady(ready, "bob", "msgpack"));
        return c.close();
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void queryParameterAndNoSubprotocolMeansJson(Vertx vertx, VertxTestContext ctx) {
    WebSocketConnectOptions o = WsClient.options(wsPort, null).setURI("/ws?token=" + tokens.token("carol", "user"));
    WsClient.connect(vertx, o, Encoding.JSON)
      .compose(c -> c.next("ready").compose(ready -> {
        ctx.verify(() -> assertReady(ready, "carol", "json"));
        return c.close();
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  private static void assertRejected(Vertx vertx, VertxTestContext ctx, WebSocketConnectOptions o, int status) {
    WsClient.connect(vertx, o, Encoding.JSON).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertInstanceOf(UpgradeRejectedException.class, err);
      assertEquals(status, ((UpgradeRejectedException) err).getStatus());
      ctx.completeNow();
    })));
  }

  @Test
  void missingTokenIs401(Vertx vertx, VertxTestContext ctx) {
    assertRejected(vertx, ctx, WsClient.options(wsPort, null), 401);
  }

  @Test
  void expiredTokenIs401(Vertx vertx, VertxTestContext ctx) {
    long now = System.currentTimeMillis() / 1000;
    String expired = tokens.sign(Tokens.claims("dave", "user").put("iat", now - 7200).put("exp", now - 3600), "HS256");
    assertRejected(vertx, ctx, WsClient.options(wsPort, expired), 401);
  }

  @Test
  void wronglySignedTokenIs401(Vertx vertx, VertxTestContext ctx) {
    String forged = new Tokens(vertx, "not-the-secret-0123456789abcdefghij").token("mallory", "admin");
    assertRejected(vertx, ctx, WsClient.options(wsPort, forged), 401);
  }

  @Test
  void disallowedOriginIs403(Vertx vertx, VertxTestContext ctx) {
    assertRejected(vertx, ctx, WsClient.options(wsPort, tokens.token("erin", "user"))
      .addHeader("Origin", "https://evil.example"), 403);
  }

  @Test
  void allowedOriginIsAccepted(Vertx vertx, VertxTestContext ctx) {
    WsClient.connect(vertx, WsClient.options(wsPort, tokens.token("fay", "user")).addHeader("Origin", "http://localhost:8080"),
      Encoding.JSON).compose(c -> c.next("ready").compose(r -> c.close())).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void programsWithoutOriginAreAccepted(Vertx vertx, VertxTestContext ctx) {
    WsClient.connect(vertx, WsClient.options(wsPort, tokens.token("hal", "user")).setAllowOriginHeader(false), Encoding.JSON)
      .compose(c -> c.next("ready").compose(r -> c.close())).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void otherPathIs404(Vertx vertx, VertxTestContext ctx) {
    assertRejected(vertx, ctx, WsClient.options(wsPort, tokens.token("gus", "user")).setURI("/elsewhere"), 404);
  }

  @Test
  void cookieCountsOnlyWithAnOrigin() throws Exception {
    String cookie = "Cookie: access_token=" + tokens.token("oscar", "user") + "\r\n";
    // Without Origin (a request whose site we cannot check) the cookie authenticates nothing.
    java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
      () -> io.switchboard.support.RawWebSocket.connect(wsPort, "/ws", null, cookie).close());
    assertTrue(refused.getMessage().contains("401"), refused.getMessage());
    // With an allowed Origin it does; with another site's, 403.
    io.switchboard.support.RawWebSocket.connect(wsPort, "/ws", null, cookie + "Origin: http://127.0.0.1:" + wsPort + "\r\n").close();
    java.io.IOException evil = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
      () -> io.switchboard.support.RawWebSocket.connect(wsPort, "/ws", null, cookie + "Origin: http://evil.example\r\n").close());
    assertTrue(evil.getMessage().contains("403"), evil.getMessage());
  }
}
