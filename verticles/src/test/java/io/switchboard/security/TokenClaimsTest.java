package io.switchboard.security;

import io.switchboard.support.RawWebSocket;
import io.switchboard.support.RunningNode;
import io.switchboard.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Signed tokens whose claims have the wrong type or are missing (a string {@code exp}, no {@code exp}, a numeric
 * {@code sub}, an expiry years away) are refused cleanly on every edge: 401 with {@code invalid_token} on REST and MCP,
 * a 401 handshake on WebSocket (not a hung one), an {@code err} frame on the TCP bridge (not a stuck connection).
 */
class TokenClaimsTest {

  private static RunningNode node;
  private static WebClient web;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject());
    web = WebClient.create(node.vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  static Stream<org.junit.jupiter.params.provider.Arguments> badClaims() {
    long now = System.currentTimeMillis() / 1000;
    return Stream.of(
      arguments("exp is a string", Tokens.claims("alice", "user").put("exp", "tomorrow"), "token claim exp must be a number"),
      arguments("nbf is a string", Tokens.claims("alice", "user").put("nbf", "now"), "token claim nbf must be a number"),
      arguments("no exp", removed(Tokens.claims("alice", "user"), "exp"), "token has no expiry (exp)"),
      arguments("numeric sub", Tokens.claims("alice", "user").put("sub", 42), "token subject (sub) must be a non-empty string"),
      arguments("exp a year away", Tokens.claims("alice", "user").put("exp", now + 365 * 86400),
        "token lifetime exceeds 86400 s (auth.jwt.max-lifetime-seconds)"));
  }

  private static JsonObject removed(JsonObject claims, String key) {
    claims.remove(key);
    return claims;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badClaims")
  void restRefusesWith401(String name, JsonObject claims, String reason) throws Exception {
    HttpResponse<Buffer> r = await(web.get(node.config.getInteger("http.port"), "127.0.0.1", "/api/sessions")
      .bearerTokenAuthentication(node.tokens.sign(claims, "HS256")).send());
    assertEquals(401, r.statusCode(), r.bodyAsString());
    assertEquals("invalid_token", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(reason, r.bodyAsJsonObject().getJsonObject("error").getString("message"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badClaims")
  void mcpRefusesWith401(String name, JsonObject claims, String reason) throws Exception {
    HttpResponse<Buffer> r = await(web.post(node.config.getInteger("http.port"), "127.0.0.1", "/mcp")
      .putHeader("Accept", "application/json, text/event-stream")
      .bearerTokenAuthentication(node.tokens.sign(claims, "HS256"))
      .sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping")));
    assertEquals(401, r.statusCode(), r.bodyAsString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badClaims")
  void webSocketHandshakeIsRefusedNotHung(String name, JsonObject claims, String reason) throws Exception {
    try {
      RawWebSocket.connect(node.config.getInteger("ws.port"), "/ws", node.tokens.sign(claims, "HS256")).close();
      throw new AssertionError("the upgrade was accepted");
    } catch (java.io.IOException e) {
      // RawWebSocket reads the answer within its 10 s socket timeout: a hung handshake is a timeout, not a 401.
      assertTrue(e.getMessage().contains("401"), e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badClaims")
  void tcpBridgeAnswersAnErrFrame(String name, JsonObject claims, String reason) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.config.getInteger("bridge.tcp.port"))) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      byte[] frame = new JsonObject().put("type", "send").put("address", "switchboard.bridge.login")
        .put("replyAddress", "r1").put("body", new JsonObject().put("token", node.tokens.sign(claims, "HS256")))
        .encode().getBytes(StandardCharsets.UTF_8);
      out.writeInt(frame.length);
      out.write(frame);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] answer = new byte[in.readInt()];
      in.readFully(answer);
      JsonObject err = new JsonObject(new String(answer, StandardCharsets.UTF_8));
      assertEquals("err", err.getString("type"), err.encode());
    }
  }
}
