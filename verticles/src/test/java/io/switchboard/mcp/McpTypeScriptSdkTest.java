package io.switchboard.mcp;

import io.switchboard.mcp.node.NodeTools;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official TypeScript SDK client (@modelcontextprotocol/sdk, through mcp-tests/client-check.mjs on the pinned
 * Node 22) over Streamable HTTP against a live node: tools, a tool call, a resource, a subscription whose update
 * comes from a REST edit made while the script waits, and a prompt. Needs Node: fails in CI, skips loudly elsewhere.
 */
class McpTypeScriptSdkTest {

  private static Vertx vertx;
  private static int port;
  private static Tokens tokens;
  private static Rest rest;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    port = TestNodes.freePort();
    tokens = new Tokens(vertx, TestNodes.SECRET);
    rest = new Rest(vertx, port);
    await(TestNodes.deploy(vertx, TestNodes.config(port)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (rest != null) {
      rest.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void typeScriptClientListsCallsReadsSubscribesAndGetsAPrompt() throws Exception {
    NodeTools node = NodeTools.get();
    String alice = tokens.token("alice", "user");
    JsonObject session = await(rest.createSession(alice, "ts sdk interop"));
    String id = session.getString("id");
    HttpResponse<Buffer> first = await(rest.post("/api/sessions/" + id + "/edits", alice,
      new JsonObject().put("revision", 0).put("op", new JsonArray().add("Hello"))));
    assertEquals(200, first.statusCode(), first::bodyAsString);
    String uri = "switchboard://sessions/" + id;

    NodeTools.Handle h = node.start("client-check.mjs", List.of(
      "--transport", "streamable-http", "--url", "http://127.0.0.1:" + port + "/mcp", "--token", alice,
      "--list-tools", "--tool", "read_document", "--args", new JsonObject().put("session", id).encode(),
      "--list-templates", "--resource", uri, "--subscribe", "--subscribe-wait", "15000",
      "--prompt", "summarize_session", "--prompt-args", new JsonObject().put("session", id).encode(),
      "--timeout", "40000"), Duration.ofSeconds(60));
    h.awaitStderrLine("READY", Duration.ofSeconds(40));
    // Subscribed: another client edits through REST. The SDK opens its GET stream in the background after
    // initialisation; should the first edit race it, a later one is seen (at most 3 edits, 3 s apart).
    long revision = 1;
    String text = "Hello";
    for (int attempt = 0; attempt < 3 && h.process().isAlive(); attempt++) {
      HttpResponse<Buffer> r = await(rest.post("/api/sessions/" + id + "/edits", tokens.token("bob", "user"),
        new JsonObject().put("revision", revision).put("op", new JsonArray().add(text.length()).add("!"))));
      assertEquals(200, r.statusCode(), r::bodyAsString);
      revision = r.bodyAsJsonObject().getLong("revision");
      text = text + "!";
      if (h.process().waitFor(3, TimeUnit.SECONDS)) {
        break;
      }
    }
    NodeTools.Result result = h.waitFor();
    assertEquals(0, result.exitCode(), result::toString);
    JsonObject out = new JsonObject(result.lastStdoutLine());
    assertTrue(out.getBoolean("ok"), out::encodePrettily);

    assertEquals(McpProtocol.LATEST, out.getString("protocolVersion"), out::encodePrettily);
    assertEquals(Boolean.TRUE, out.getJsonObject("serverCapabilities").getJsonObject("resources").getBoolean("subscribe"));
    assertNotNull(out.getString("sessionId"));

    Set<String> tools = out.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")).collect(Collectors.toSet());
    assertEquals(Set.of("list_sessions", "create_session", "end_session", "read_document", "edit_document", "publish",
      "read_topic"), tools);

    JsonObject toolResult = out.getJsonObject("toolResult");
    assertFalse(toolResult.getBoolean("isError", false), toolResult::encode);
    assertEquals("Hello", toolResult.getJsonObject("structuredContent").getString("text"), toolResult::encode);
    assertEquals(1L, toolResult.getJsonObject("structuredContent").getLong("revision"), toolResult::encode);
    assertEquals("text", toolResult.getJsonArray("content").getJsonObject(0).getString("type"));

    assertTrue(out.getJsonArray("resourceTemplates").stream()
      .anyMatch(t -> "switchboard://sessions/{id}".equals(((JsonObject) t).getString("uriTemplate"))), out::encodePrettily);

    JsonObject contents = out.getJsonObject("resourceRead").getJsonArray("contents").getJsonObject(0);
    assertEquals(uri, contents.getString("uri"));
    assertEquals("text/plain", contents.getString("mimeType"));
    assertEquals("Hello", contents.getString("text"));

    JsonObject subscription = out.getJsonObject("subscription");
    assertEquals(uri, subscription.getString("uri"));
    assertTrue(subscription.getBoolean("updated"), subscription::encode);
    assertEquals(uri, subscription.getJsonObject("notification").getString("uri"), subscription::encode);

    JsonObject message = out.getJsonObject("prompt").getJsonArray("messages").getJsonObject(0);
    assertEquals("user", message.getString("role"));
    assertTrue(message.getJsonObject("content").getString("text").contains("ts sdk interop"), message::encode);
    assertTrue(message.getJsonObject("content").getString("text").contains("Hello!"), message::encode);
  }
}
