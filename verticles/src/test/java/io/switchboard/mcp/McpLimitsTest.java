package io.switchboard.mcp;

import io.switchboard.support.Rest;
import io.switchboard.support.RunningNode;
import io.switchboard.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one principal can do through MCP is bounded like everywhere else: its requests draw on the same budget as its
 * REST requests (429 past it), its open MCP sessions are bounded (HTTP and WebSocket), the sessions it creates per
 * period are bounded whatever the edge, and MCP {@code publish} obeys the token's {@code topics} claim.
 */
class McpLimitsTest {

  private static RunningNode node;
  private static int httpPort;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject()
        .put("http.rate-limit.per-second", 0.5).put("http.rate-limit.burst", 12)
        .put("mcp.max-sessions-per-principal", 2)
        .put("sessions.rate-limit.create-per-second", 0.01).put("sessions.rate-limit.create-burst", 2));
    httpPort = node.httpPort();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  private static JsonObject call(RawMcp mcp, String tool, JsonObject arguments) throws Exception {
    return await(mcp.result("tools/call", new JsonObject().put("name", tool).put("arguments", arguments)));
  }

  @Test
  void publishObeysTheTopicsClaim() throws Exception {
    JsonObject claims = Tokens.claims("narrow", "user").put("topics", new JsonObject()
      .put("subscribe", new JsonArray().add("chat.lobby")).put("publish", new JsonArray().add("chat.lobby")));
    RawMcp mcp = new RawMcp(node.vertx, httpPort, node.tokens.sign(claims, "HS256"));
    await(mcp.initialize("2025-06-18"));
    JsonObject refused = call(mcp, "publish", new JsonObject().put("topic", "public.elsewhere").put("payload", 1));
    assertEquals(Boolean.TRUE, refused.getBoolean("isError"), refused.encode());
    assertTrue(refused.encode().contains("forbidden"), refused.encode());
    JsonObject allowed = call(mcp, "publish", new JsonObject().put("topic", "chat.lobby").put("payload", 1));
    assertFalse(allowed.getBoolean("isError", false), allowed.encode());
    JsonObject unreadable = call(mcp, "read_topic", new JsonObject().put("topic", "public.elsewhere"));
    assertEquals(Boolean.TRUE, unreadable.getBoolean("isError"), unreadable.encode());
  }

  @Test
  void mcpRequestsShareTheRestBudget() throws Exception {
    String token = node.tokens.token("chatty", "user");
    RawMcp mcp = new RawMcp(node.vertx, httpPort, token);
    await(mcp.initialize("2025-06-18")); // 2 requests
    Rest rest = new Rest(node.vertx, httpPort);
    for (int i = 0; i < 5; i++) {
      assertEquals(200, await(rest.get("/api/sessions", token)).statusCode());
    }
    int ok = 0;
    HttpResponse<Buffer> limited = null;
    for (int i = 0; i < 20 && limited == null; i++) {
      HttpResponse<Buffer> r = await(mcp.send(new JsonObject().put("jsonrpc", "2.0").put("id", 100 + i).put("method", "ping")));
      if (r.statusCode() == 429) {
        limited = r;
      } else {
        assertEquals(200, r.statusCode(), r.bodyAsString());
        ok++;
      }
    }
    assertNotNull(limited, "20 pings past a burst of 12 were all served");
    assertTrue(ok <= 6, "the REST requests did not count: " + ok + " pings served");
    assertNotNull(limited.getHeader("Retry-After"));
    assertEquals(JsonRpc.RATE_LIMITED, limited.bodyAsJsonObject().getJsonObject("error").getInteger("code"));
    // And the REST API now refuses the same principal too: one budget.
    assertEquals(429, await(rest.get("/api/sessions", token)).statusCode());
    rest.close();
  }

  @Test
  void openSessionsPerPrincipalAreBounded() throws Exception {
    String token = node.tokens.token("hoarder", "user");
    RawMcp first = new RawMcp(node.vertx, httpPort, token);
    await(first.initialize("2025-06-18"));
    await(new RawMcp(node.vertx, httpPort, token).initialize("2025-06-18"));
    RawMcp third = new RawMcp(node.vertx, httpPort, token);
    HttpResponse<Buffer> refused = await(third.send(RawMcp.initializeMessage(1, "2025-06-18")));
    assertEquals(429, refused.statusCode(), refused.bodyAsString());
    assertTrue(refused.bodyAsString().contains("mcp.max-sessions-per-principal"), refused.bodyAsString());
    // Another principal is not affected; ending a session frees its place.
    await(new RawMcp(node.vertx, httpPort, node.tokens.token("other", "user")).initialize("2025-06-18"));
    int deleted = await(first.delete()).statusCode();
    assertTrue(deleted == 200 || deleted == 204, "DELETE answered " + deleted);
    await(third.initialize("2025-06-18"));
  }

  @Test
  void openWebSocketSessionsPerPrincipalAreBounded() throws Exception {
    String token = node.tokens.token("socketeer", "user");
    WebSocketClient client = node.vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.config.getInteger("ws.port"))
      .setURI("/mcp").addSubProtocol("mcp").addHeader("Authorization", "Bearer " + token);
    List<io.vertx.core.http.WebSocket> open = new ArrayList<>();
    open.add(await(client.connect(options)));
    open.add(await(client.connect(options)));
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(client.connect(options)));
    assertTrue(e.getCause().getMessage().contains("429"), e.getCause().getMessage());
    await(open.remove(0).close());
    long deadline = System.currentTimeMillis() + 10_000;
    io.vertx.core.http.WebSocket again = null;
    while (again == null && System.currentTimeMillis() < deadline) {
      try {
        again = await(client.connect(options));
      } catch (ExecutionException retry) {
        Thread.sleep(100); // the server sees the close a moment after the client
      }
    }
    assertNotNull(again, "a closed connection's place was not freed");
    open.add(again);
    for (io.vertx.core.http.WebSocket ws : open) {
      await(ws.close());
    }
    await(client.close());
  }

  @Test
  void sessionsCreatedPerPrincipalAreBoundedOnEveryEdge() throws Exception {
    String token = node.tokens.token("creator", "user");
    RawMcp mcp = new RawMcp(node.vertx, httpPort, token);
    await(mcp.initialize("2025-06-18"));
    for (int i = 0; i < 2; i++) {
      JsonObject created = call(mcp, "create_session", new JsonObject().put("title", "s" + i));
      assertFalse(created.getBoolean("isError", false), created.encode());
    }
    JsonObject third = call(mcp, "create_session", new JsonObject().put("title", "s3"));
    assertEquals(Boolean.TRUE, third.getBoolean("isError"), third.encode());
    assertTrue(third.encode().contains("rate_limited"), third.encode());
    // The same budget on REST: the bound is where sessions are created, not in one edge.
    Rest rest = new Rest(node.vertx, httpPort);
    HttpResponse<Buffer> r = await(rest.post("/api/sessions", token, new JsonObject().put("title", "rest")));
    assertEquals(429, r.statusCode(), r.bodyAsString());
    assertEquals("rate_limited", Rest.code(r));
    rest.close();
  }
}
