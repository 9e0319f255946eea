package io.switchboard.security;

import io.switchboard.bridge.BridgeAddresses;
import io.switchboard.bridge.TcpFrames;
import io.switchboard.protocol.Encoding;
import io.switchboard.support.RunningNode;
import io.switchboard.support.WsClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One user publishing through WebSocket, the TCP bridge, MCP and REST draws on one per-user budget
 * ({@code ws.rate-limit.user-publish-per-second}): the bridge used to build its own, so a user got the budget twice,
 * and MCP publishes had none.
 */
class SharedPublishBudgetTest {

  private static RunningNode node;
  private static WebClient web;

  @BeforeAll
  static void start() throws Exception {
    // 0.5 a second, burst 1: one publish, then nothing for two seconds, whichever edge it comes through.
    node = RunningNode.start(new JsonObject().put("ws.rate-limit.user-publish-per-second", 0.5));
    web = WebClient.create(node.vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  private static String mcpPublish(String token) throws Exception {
    String accept = "application/json, text/event-stream";
    int port = node.config.getInteger("http.port");
    String session = await(web.post(port, "127.0.0.1", "/mcp").putHeader("Accept", accept).bearerTokenAuthentication(token)
      .sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize").put("params",
        new JsonObject().put("protocolVersion", "2025-06-18").put("capabilities", new JsonObject())
          .put("clientInfo", new JsonObject().put("name", "t").put("version", "1"))))).getHeader("Mcp-Session-Id");
    return await(web.post(port, "127.0.0.1", "/mcp").putHeader("Accept", accept).putHeader("Mcp-Session-Id", session)
      .bearerTokenAuthentication(token).sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", 2)
        .put("method", "tools/call").put("params", new JsonObject().put("name", "publish")
          .put("arguments", new JsonObject().put("topic", "public.budget").put("payload", 1))))).bodyAsString();
  }

  @Test
  void webSocketBridgeAndMcpShareOneBudget() throws Exception {
    String token = node.tokens.token("thrifty", "user");
    WsClient ws = await(WsClient.connect(node.vertx, node.config.getInteger("ws.port"), token, Encoding.JSON));
    await(ws.next("ready"));
    await(ws.send(new JsonObject().put("type", "publish").put("id", "p1").put("topic", "public.budget").put("payload", 1)
      .put("ack", true)));
    assertEquals("p1", await(ws.next("ack")).getString("id"));
    try (TcpFrames bridge = TcpFrames.connect(node.config.getInteger("bridge.tcp.port"))) {
      bridge.request(BridgeAddresses.LOGIN, new JsonObject().put("token", token), null);
      JsonObject refused = bridge.request(BridgeAddresses.PUBLISH, new JsonObject().put("topic", "public.budget").put("payload", 2), null);
      assertEquals("err", refused.getString("type"), refused.encode());
      assertTrue(refused.getString("message").contains("rate limit"), refused.encode());
    }
    String mcp = mcpPublish(token);
    assertTrue(mcp.contains("rate_limited"), mcp);
    var rest = await(web.post(node.httpPort(), "127.0.0.1", "/api/topics/public.budget/messages")
      .bearerTokenAuthentication(token).sendJsonObject(new JsonObject().put("payload", 3)));
    assertEquals(429, rest.statusCode(), rest.bodyAsString());
    assertEquals("rate_limited", rest.bodyAsJsonObject().getJsonObject("error").getString("code"));
    await(ws.close());
    // Another user has a budget of its own.
    assertTrue(!mcpPublish(node.tokens.token("other", "user")).contains("rate_limited"));
  }
}
