package io.switchboard.mcp;

import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed and misdirected JSON-RPC over Streamable HTTP (POST /mcp) on one node: exact HTTP status and JSON-RPC
 * error codes, as MCP 2025-11-25 (basic/transports "Streamable HTTP", basic "JSON-RPC messages") and JSON-RPC 2.0
 * ask. Each test pins what the server does where that is right, and fails where it is not.
 */
@ExtendWith(VertxExtension.class)
class McpJsonRpcErrorsTest {

  private static final int MAX_MESSAGE_BYTES = 4096;
  private static int port;
  private static Tokens tokens;
  private static Vertx vertx;
  private RawMcp mcp;

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    port = TestNodes.freePort();
    tokens = new Tokens(vertx, TestNodes.SECRET);
    await(TestNodes.deploy(vertx, TestNodes.config(port).put("mcp.max-message-bytes", MAX_MESSAGE_BYTES)));
  }

  @AfterEach
  void close() {
    if (mcp != null) {
      mcp.close();
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private RawMcp client(String subject) {
    mcp = new RawMcp(vertx, port, tokens.token(subject, "user"));
    return mcp;
  }

  private RawMcp initialized(String version) throws Exception {
    RawMcp c = client("alice");
    await(c.initialize(version));
    return c;
  }

  /** The JSON-RPC error object of a plain JSON HTTP answer, checking status and content type. */
  private static JsonObject error(HttpResponse<Buffer> r, int status, int code) {
    assertEquals(status, r.statusCode(), r::bodyAsString);
    assertTrue(String.valueOf(r.getHeader("Content-Type")).startsWith("application/json"), () -> "Content-Type " + r.getHeader("Content-Type"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("2.0", body.getString("jsonrpc"), body::encode);
    assertNotNull(body.getJsonObject("error"), body::encode);
    assertEquals(code, body.getJsonObject("error").getInteger("code"), body::encode);
    assertTrue(body.containsKey("id"), "an error response has an id (null when unknown): " + body.encode());
    return body;
  }

  // --- JSON-RPC envelope ------------------------------------------------------------------------------------

  @Test
  void invalidJsonIsParseError400() throws Exception {
    RawMcp c = initialized("2025-11-25");
    JsonObject body = error(await(c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":")), 400, -32700);
    assertNull(body.getValue("id"));
  }

  @Test
  void messageThatIsNotAnObjectOrArrayIsInvalidRequest400() throws Exception {
    RawMcp c = initialized("2025-11-25");
    for (String raw : List.of("42", "\"ping\"", "true")) {
      JsonObject body = error(await(c.send(raw)), 400, -32600);
      assertNull(body.getValue("id"), raw);
    }
  }

  @Test
  void missingOrWrongJsonrpcIsInvalidRequest400() throws Exception {
    RawMcp c = initialized("2025-11-25");
    error(await(c.send(new JsonObject().put("id", 7).put("method", "ping"))), 400, -32600);
    error(await(c.send(new JsonObject().put("jsonrpc", "1.0").put("id", 8).put("method", "ping"))), 400, -32600);
    error(await(c.send(new JsonObject().put("jsonrpc", 2.0).put("id", 9).put("method", "ping"))), 400, -32600);
  }

  @Test
  void nullOrObjectIdIsInvalidRequest400() throws Exception {
    RawMcp c = initialized("2025-11-25");
    // MCP: "the ID MUST NOT be null"; JSON-RPC: a string or a number (MCP: string or integer).
    JsonObject nullId = error(await(c.send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}")), 400, -32600);
    assertNull(nullId.getValue("id"));
    JsonObject objectId = error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", new JsonObject().put("a", 1))
      .put("method", "ping"))), 400, -32600);
    assertNull(objectId.getValue("id"), "an id that is not valid is not echoed");
    error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", new JsonArray().add(1)).put("method", "ping"))), 400, -32600);
    error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", true).put("method", "ping"))), 400, -32600);
  }

  @Test
  void methodNotAStringIsInvalidRequest400() throws Exception {
    RawMcp c = initialized("2025-11-25");
    JsonObject body = error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 3).put("method", 42))), 400, -32600);
    assertEquals(3, body.getInteger("id"));
    error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 4))), 400, -32600);
  }

  @Test
  void paramsNotAnObjectIsInvalidParams() throws Exception {
    RawMcp c = initialized("2025-11-25");
    JsonObject body = error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 5).put("method", "tools/list")
      .put("params", new JsonArray().add(1)))), 400, -32602);
    assertEquals(5, body.getInteger("id"));
    error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 6).put("method", "ping").put("params", "x"))), 400, -32602);
  }

  @Test
  void unknownMethodIsMethodNotFoundInA200Response() throws Exception {
    RawMcp c = initialized("2025-11-25");
    JsonObject body = error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", "abc").put("method", "no/such/method"))), 200, -32601);
    assertEquals("abc", body.getString("id"));
  }

  @Test
  void wronglyTypedParamFieldsAreInvalidParams() throws Exception {
    RawMcp c = initialized("2025-11-25");
    // tools/call without a name, and with arguments that are not an object
    assertEquals(-32602, await(c.request("tools/call", new JsonObject())).getJsonObject("error").getInteger("code"));
    assertEquals(-32602, await(c.request("tools/call", new JsonObject().put("name", "list_sessions").put("arguments", new JsonArray())))
      .getJsonObject("error").getInteger("code"));
    JsonObject badCursor = await(c.request("resources/list", new JsonObject().put("cursor", "!!not-a-cursor!!")));
    assertEquals(-32602, badCursor.getJsonObject("error").getInteger("code"), badCursor::encode);
  }

  @Test
  void cursorThatIsNotAStringIsInvalidParams() throws Exception {
    RawMcp c = initialized("2025-11-25");
    // PaginatedRequestParams.cursor is a string; "Invalid cursors SHOULD result in an error with code -32602".
    JsonObject r = await(c.request("tools/list", new JsonObject().put("cursor", 12)));
    assertTrue(r.containsKey("error"), () -> "a numeric cursor is not a valid cursor, got " + r.encode());
    assertEquals(-32602, r.getJsonObject("error").getInteger("code"), r::encode);
  }

  @Test
  void metaThatIsNotAnObjectIsInvalidParamsNotInternalError() throws Exception {
    RawMcp c = initialized("2025-11-25");
    // params._meta is an object in every MCP request (schema: RequestParams._meta); a string is an invalid param.
    JsonObject r = await(c.request("tools/call", new JsonObject().put("name", "list_sessions").put("arguments", new JsonObject())
      .put("_meta", "not-an-object")));
    assertEquals(-32602, r.getJsonObject("error").getInteger("code"), r::encode);
  }

  // --- lifecycle and sessions ---------------------------------------------------------------------------------

  @Test
  void requestBeforeInitializeIsRefused400WithAnError() throws Exception {
    RawMcp c = client("alice");
    error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "tools/list"))), 400, -32600);
  }

  @Test
  void initializeSentAsANotificationIsRefused400() throws Exception {
    RawMcp c = client("alice");
    // initialize is a request (it has an id); without one there is nothing to answer: 400 per Streamable HTTP
    // ("if the server cannot accept the input ... HTTP error status code, e.g. 400"), never a hang or a 500.
    HttpResponse<Buffer> r = await(c.send(new JsonObject().put("jsonrpc", "2.0").put("method", "initialize")
      .put("params", RawMcp.initializeMessage(1, "2025-11-25").getJsonObject("params"))));
    assertEquals(400, r.statusCode(), r::bodyAsString);
    assertNull(r.getHeader(RawMcp.SESSION), "no session for a refused initialize");
  }

  @Test
  void initializeNegotiatesTheVersion() throws Exception {
    for (String v : List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05")) {
      RawMcp c = client("alice");
      assertEquals(v, await(c.initialize(v)).getString("protocolVersion"));
      c.close();
    }
    RawMcp c = client("alice");
    HttpResponse<Buffer> r = await(c.send(RawMcp.initializeMessage(1, "1999-01-01")));
    assertEquals(200, r.statusCode());
    assertEquals("2025-11-25", RawMcp.single(r).getJsonObject("result").getString("protocolVersion"),
      "an unsupported requested version is answered with the latest supported one");
    assertNotNull(r.getHeader(RawMcp.SESSION));
  }

  @Test
  void missingSessionIdIs400() throws Exception {
    RawMcp c = initialized("2025-11-25");
    c.sessionId = null;
    error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping"))), 400, -32600);
  }

  @Test
  void unknownSessionIdIs404() throws Exception {
    RawMcp c = initialized("2025-11-25");
    c.sessionId = "00000000-0000-0000-0000-000000000000";
    HttpResponse<Buffer> r = await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping")));
    assertEquals(404, r.statusCode(), r::bodyAsString);
  }

  @Test
  void sessionOfAnotherUserIs404() throws Exception {
    RawMcp alice = initialized("2025-11-25");
    RawMcp bob = new RawMcp(vertx, port, tokens.token("bob", "user"));
    try {
      bob.sessionId = alice.sessionId;
      bob.protocolVersion = alice.protocolVersion;
      HttpResponse<Buffer> r = await(bob.send(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping")));
      assertEquals(404, r.statusCode(), "a session id is not a credential: " + r.bodyAsString());
    } finally {
      bob.close();
    }
  }

  @Test
  void deletedSessionIs404Afterwards() throws Exception {
    RawMcp c = initialized("2025-11-25");
    WebClient web = WebClient.create(vertx);
    try {
      HttpResponse<Buffer> del = await(web.delete(port, "127.0.0.1", "/mcp").bearerTokenAuthentication(tokens.token("alice", "user"))
        .putHeader(RawMcp.SESSION, c.sessionId).putHeader(RawMcp.VERSION, c.protocolVersion).send());
      assertEquals(200, del.statusCode(), del::bodyAsString);
    } finally {
      web.close();
    }
    HttpResponse<Buffer> r = await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping")));
    assertEquals(404, r.statusCode(), r::bodyAsString);
  }

  @Test
  void notificationsAndResponsesAre202WithoutBody() throws Exception {
    RawMcp c = initialized("2025-11-25");
    HttpResponse<Buffer> n = await(c.send(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/roots/list_changed")));
    assertEquals(202, n.statusCode());
    assertTrue(n.body() == null || n.body().length() == 0, n::bodyAsString);
    HttpResponse<Buffer> resp = await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", "server-req-1").put("result", new JsonObject())));
    assertEquals(202, resp.statusCode());
  }

  // --- MCP-Protocol-Version header ----------------------------------------------------------------------------

  @Test
  void unsupportedProtocolVersionHeaderIs400() throws Exception {
    RawMcp c = initialized("2025-11-25");
    c.protocolVersion = "1999-01-01";
    error(await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping"))), 400, -32600);
  }

  @Test
  void anotherSupportedProtocolVersionHeaderIsAccepted() throws Exception {
    RawMcp c = initialized("2025-11-25");
    c.protocolVersion = "2025-03-26"; // what the conformance suite's raw-HTTP scenarios send
    HttpResponse<Buffer> r = await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping")));
    assertEquals(200, r.statusCode(), r::bodyAsString);
    c.protocolVersion = null; // absent: the server assumes a version (spec: 2025-03-26)
    assertEquals(200, await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 2).put("method", "ping"))).statusCode());
  }

  // --- batches ------------------------------------------------------------------------------------------------

  private static JsonArray mixedBatch() {
    return new JsonArray()
      .add(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping"))
      .add(new JsonObject().put("jsonrpc", "2.0").put("id", 2).put("method", "no/such/method"))
      .add(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/roots/list_changed"))
      .add(new JsonObject().put("jsonrpc", "1.0").put("id", 3).put("method", "ping"));
  }

  @Test
  void batchIsRefused400At20251125And20250618() throws Exception {
    for (String v : List.of("2025-11-25", "2025-06-18")) {
      RawMcp c = initialized(v);
      error(await(c.send(mixedBatch())), 400, -32600);
      c.close();
    }
  }

  @Test
  void batchIsAnsweredPerEntryAt20250326() throws Exception {
    RawMcp c = initialized("2025-03-26");
    HttpResponse<Buffer> r = await(c.send(mixedBatch()));
    assertEquals(200, r.statusCode(), r::bodyAsString);
    assertTrue(String.valueOf(r.getHeader("Content-Type")).startsWith("application/json"));
    JsonArray replies = r.bodyAsJsonArray();
    assertEquals(3, replies.size(), "one response per request, none for the notification: " + replies.encode());
    JsonObject byId1 = null;
    JsonObject byId2 = null;
    JsonObject byId3 = null;
    for (Object o : replies) {
      JsonObject m = (JsonObject) o;
      switch (String.valueOf(m.getValue("id"))) {
        case "1" -> byId1 = m;
        case "2" -> byId2 = m;
        case "3" -> byId3 = m;
        default -> throw new AssertionError("unexpected reply " + m.encode());
      }
    }
    assertEquals(new JsonObject(), byId1.getJsonObject("result"), replies::encode);
    assertEquals(-32601, byId2.getJsonObject("error").getInteger("code"), replies::encode);
    assertEquals(-32600, byId3.getJsonObject("error").getInteger("code"), replies::encode);

    JsonArray onlyNotifications = new JsonArray().add(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/roots/list_changed"));
    assertEquals(202, await(c.send(onlyNotifications)).statusCode());
    error(await(c.send(new JsonArray())), 400, -32600);
  }

  // --- size, authentication, metadata -------------------------------------------------------------------------

  @Test
  void oversizedMessageIs413() throws Exception {
    RawMcp c = initialized("2025-11-25");
    String big = "x".repeat(MAX_MESSAGE_BYTES + 1);
    HttpResponse<Buffer> r = await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping")
      .put("params", new JsonObject().put("padding", big))));
    assertEquals(413, r.statusCode(), r::bodyAsString);
    // and just under the limit is fine
    String fits = "x".repeat(MAX_MESSAGE_BYTES - 200);
    assertEquals(200, await(c.send(new JsonObject().put("jsonrpc", "2.0").put("id", 2).put("method", "ping")
      .put("params", new JsonObject().put("padding", fits)))).statusCode());
  }

  @Test
  void missingTokenIs401NamingTheResourceMetadata() throws Exception {
    RawMcp anonymous = new RawMcp(vertx, port, null);
    mcp = anonymous;
    HttpResponse<Buffer> r = await(anonymous.send(RawMcp.initializeMessage(1, "2025-11-25")));
    assertEquals(401, r.statusCode(), r::bodyAsString);
    String challenge = r.getHeader("WWW-Authenticate");
    assertNotNull(challenge);
    assertTrue(challenge.startsWith("Bearer "), challenge);
    assertTrue(challenge.contains("resource_metadata=\"http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource"), challenge);
    assertNull(r.getHeader(RawMcp.SESSION));
  }

  @Test
  void invalidTokenIs401WithInvalidTokenError() throws Exception {
    RawMcp forged = new RawMcp(vertx, port, new Tokens(vertx, "another-secret-0123456789-abcdefghijkl").token("alice", "user"));
    mcp = forged;
    HttpResponse<Buffer> r = await(forged.send(RawMcp.initializeMessage(1, "2025-11-25")));
    assertEquals(401, r.statusCode(), r::bodyAsString);
    String challenge = r.getHeader("WWW-Authenticate");
    assertTrue(challenge.contains("resource_metadata="), challenge);
    assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
  }

  @Test
  void protectedResourceMetadataIsJson() throws Exception {
    WebClient web = WebClient.create(vertx);
    try {
      for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
        HttpResponse<Buffer> r = await(web.get(port, "127.0.0.1", path).send());
        assertEquals(200, r.statusCode(), path);
        assertTrue(String.valueOf(r.getHeader("Content-Type")).startsWith("application/json"), path);
        JsonObject meta = r.bodyAsJsonObject();
        assertEquals("http://127.0.0.1:" + port + "/mcp", meta.getString("resource"), meta::encode);
        assertNotNull(meta.getJsonArray("authorization_servers"), meta::encode);
        assertEquals(new JsonArray().add("header"), meta.getJsonArray("bearer_methods_supported"), meta::encode);
      }
    } finally {
      web.close();
    }
  }
}
