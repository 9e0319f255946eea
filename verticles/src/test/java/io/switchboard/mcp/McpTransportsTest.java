package io.switchboard.mcp;

import io.switchboard.mcp.node.NodeTools;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP TypeScript SDK client (mcp-tests/client-check.mjs) over the legacy HTTP+SSE transport and
 * over WebSocket: tools, a session document as a resource with an update after another client's edit, a prompt.
 */
@ExtendWith(VertxExtension.class)
class McpTransportsTest {

  private static JsonObject config;
  private static Rest rest;
  private static Tokens tokens;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    config = TestNodes.config(TestNodes.freePort());
    rest = new Rest(vertx, config.getInteger("http.port"));
    tokens = new Tokens(vertx, TestNodes.SECRET);
    TestNodes.deploy(vertx, config).onComplete(ctx.succeedingThenComplete());
  }

  private static String await(io.vertx.core.Future<?> f) throws Exception {
    return String.valueOf(f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS));
  }

  /** Runs the SDK client with subscription; once it says READY, edits the document through REST. */
  private static JsonObject check(String transport, String url, String token, List<String> extra) throws Exception {
    String alice = tokens.token("alice", "user");
    JsonObject session = rest.createSession(alice, "via " + transport).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String id = session.getString("id");
    List<String> args = new ArrayList<>(List.of("--transport", transport, "--url", url, "--token", token,
      "--list-tools", "--tool", "read_document", "--args", new JsonObject().put("session", id).encode(),
      "--resource", "switchboard://sessions/" + id, "--subscribe", "--subscribe-wait", "10000",
      "--prompt", "summarize_session", "--prompt-args", new JsonObject().put("session", id).encode()));
    args.addAll(extra);
    NodeTools.Handle run = NodeTools.get().start("client-check.mjs", args, Duration.ofSeconds(60));
    run.awaitStderrLine("READY", Duration.ofSeconds(30));
    await(rest.post("/api/sessions/" + id + "/edits", alice, new JsonObject().put("revision", 0)
      .put("op", new JsonArray().add("edited while subscribed"))));
    NodeTools.Result result = run.waitFor();
    assertEquals(0, result.exitCode(), result.toString());
    JsonObject out = new JsonObject(result.lastStdoutLine());
    out.put("sessionId", id);
    return out;
  }

  private static void assertSwitchboard(JsonObject out) {
    String text = out.encode();
    assertTrue(text.contains("read_document") && text.contains("edit_document"), "tools listed: " + text);
    assertTrue(text.contains("switchboard://sessions/" + out.getString("sessionId")), "resource read: " + text);
    assertTrue(out.getJsonObject("subscription").getBoolean("updated"), "update received: " + text);
    assertTrue(text.contains("Summarise the collaborative session"), "prompt: " + text);
  }

  @Test
  void legacyHttpSse() throws Exception {
    JsonObject out = check("sse", "http://127.0.0.1:" + config.getInteger("http.port") + "/sse",
      tokens.token("alice", "user"), List.of());
    assertSwitchboard(out);
  }

  @Test
  void webSocket() throws Exception {
    JsonObject out = check("websocket", "ws://127.0.0.1:" + config.getInteger("ws.port") + "/mcp",
      tokens.token("alice", "user"), List.of("--ws-token", "header"));
    assertSwitchboard(out);
  }
}
