package io.switchboard.topic;

import io.switchboard.bridge.BridgeAddresses;
import io.switchboard.bridge.SockJsSockets;
import io.switchboard.bridge.TcpFrames;
import io.switchboard.mcp.RawMcp;
import io.switchboard.protocol.Encoding;
import io.switchboard.support.RunningNode;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every edge publishes through the node's one {@link PublishPipeline}: a token whose {@code topics} claim allows only
 * {@code chat.lobby} is refused {@code public.elsewhere} with the same code, {@code forbidden}, on WebSocket, the TCP
 * bridge, SockJS, MCP and REST, and the same token's publish to {@code chat.lobby} goes through on each; a bad field
 * is {@code validation_failed} (WebSocket: {@code invalid_field}, its protocol's name) naming the field on each.
 */
class PublishEdgesTest {

  private static RunningNode node;
  private static WebClient web;
  private static String narrow;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject());
    web = WebClient.create(node.vertx);
    narrow = node.tokens.sign(Tokens.claims("narrow", "user").put("topics", new JsonObject()
      .put("subscribe", new JsonArray().add("chat.lobby")).put("publish", new JsonArray().add("chat.lobby"))), "HS256");
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private static JsonObject publish(String topic, Object payload) {
    return new JsonObject().put("topic", topic).put("payload", payload);
  }

  @Test
  void webSocket() throws Exception {
    WsClient ws = await(WsClient.connect(node.vertx, node.wsPort(), narrow, Encoding.JSON));
    try {
      await(ws.next("ready"));
      await(ws.send(publish("public.elsewhere", 1).put("type", "publish").put("id", "p1").put("ack", true)));
      JsonObject refused = await(ws.next("error"));
      assertEquals("forbidden", refused.getString("code"), refused.encode());
      assertEquals("p1", refused.getString("ref"), refused.encode());
      await(ws.send(publish("chat.lobby", 1).put("type", "publish").put("id", "p2").put("ack", true)));
      assertEquals("p2", await(ws.next("ack")).getString("id"));
    } finally {
      await(ws.close());
    }
  }

  @Test
  void tcpBridge() throws Exception {
    try (TcpFrames bridge = TcpFrames.connect(node.bridgePort())) {
      bridge.request(BridgeAddresses.LOGIN, new JsonObject().put("token", narrow), null);
      assertBusFailure(bridge.request(BridgeAddresses.PUBLISH, publish("public.elsewhere", 1), null), 403, "forbidden");
      assertBusFailure(bridge.request(BridgeAddresses.PUBLISH, publish("chat.lobby", 1).put("priority", 9), null), 400,
        "validation_failed");
      JsonObject ok = bridge.request(BridgeAddresses.PUBLISH, publish("chat.lobby", 1), null);
      assertEquals("chat.lobby", ok.getJsonObject("body").getString("topic"), ok.encode());
    }
  }

  @Test
  void sockJs() throws Exception {
    LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    WebSocket ws = await(SockJsSockets.open(node.vertx, node.httpPort(), "http://127.0.0.1:" + node.httpPort(), narrow,
      inbox));
    try {
      await(ws.writeTextMessage(new JsonObject().put("type", "send").put("address", BridgeAddresses.PUBLISH)
        .put("replyAddress", "r1").put("body", publish("public.elsewhere", 1)).encode()));
      JsonObject refused = inbox.poll(10, TimeUnit.SECONDS);
      assertNotNull(refused, "no answer over SockJS");
      assertBusFailure(refused, 403, "forbidden");
      await(ws.writeTextMessage(new JsonObject().put("type", "send").put("address", BridgeAddresses.PUBLISH)
        .put("replyAddress", "r2").put("body", publish("chat.lobby", 1)).encode()));
      JsonObject ok = inbox.poll(10, TimeUnit.SECONDS);
      assertNotNull(ok, "no answer over SockJS");
      assertEquals("chat.lobby", ok.getJsonObject("body").getString("topic"), ok.encode());
    } finally {
      await(ws.close());
    }
  }

  @Test
  void mcp() throws Exception {
    RawMcp mcp = new RawMcp(node.vertx, node.httpPort(), narrow);
    await(mcp.initialize("2025-06-18"));
    JsonObject refused = call(mcp, publish("public.elsewhere", 1));
    assertEquals(Boolean.TRUE, refused.getBoolean("isError"), refused.encode());
    assertEquals("forbidden", refused.getJsonObject("structuredContent").getJsonObject("error").getString("code"));
    JsonObject invalid = call(mcp, publish("chat.lobby", 1).put("priority", 9)); // the schema says integer, the rule 0..4
    assertEquals("validation_failed", invalid.getJsonObject("structuredContent").getJsonObject("error").getString("code"));
    JsonObject ok = call(mcp, publish("chat.lobby", 1));
    assertEquals("chat.lobby", ok.getJsonObject("structuredContent").getString("topic"), ok.encode());
  }

  private static JsonObject call(RawMcp mcp, JsonObject arguments) throws Exception {
    return await(mcp.result("tools/call", new JsonObject().put("name", "publish").put("arguments", arguments)));
  }

  @Test
  void rest() throws Exception {
    HttpResponse<Buffer> refused = rest("public.elsewhere", new JsonObject().put("payload", 1));
    assertEquals(403, refused.statusCode(), refused.bodyAsString());
    assertEquals("forbidden", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> invalid = rest("chat.lobby", new JsonObject().put("payload", 1).put("priority", "high"));
    assertEquals(400, invalid.statusCode(), invalid.bodyAsString());
    assertEquals("validation_failed", invalid.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(true, invalid.bodyAsJsonObject().getJsonObject("error").getJsonObject("fields").containsKey("priority"));
    HttpResponse<Buffer> ok = rest("chat.lobby", new JsonObject().put("payload", 1).put("id", "r1"));
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertEquals(false, ok.bodyAsJsonObject().getBoolean("duplicate"));
    HttpResponse<Buffer> again = rest("chat.lobby", new JsonObject().put("payload", 1).put("id", "r1"));
    assertEquals(true, again.bodyAsJsonObject().getBoolean("duplicate"), again.bodyAsString());
    assertEquals(ok.bodyAsJsonObject().getLong("seq"), again.bodyAsJsonObject().getLong("seq"));
  }

  private static HttpResponse<Buffer> rest(String topic, JsonObject body) throws Exception {
    return await(web.post(node.httpPort(), "127.0.0.1", "/api/topics/" + topic + "/messages")
      .bearerTokenAuthentication(narrow).sendJsonObject(body));
  }

  /** A bus reply failure as both bridges forward it: the status as failureCode, the error's JSON as the message. */
  private static void assertBusFailure(JsonObject frame, int status, String code) {
    assertEquals("err", frame.getString("type"), frame.encode());
    assertEquals(status, frame.getInteger("failureCode"), frame.encode());
    assertEquals(code, new JsonObject(frame.getString("message")).getJsonObject("error").getString("code"), frame.encode());
  }
}
