package io.switchboard.mcp;

import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP catalog is cluster-wide: a tool provided on node A (a test-only {@link McpProvider}) is listed and callable
 * by an MCP client on node B; it vanishes from B's tools/list, with {@code notifications/tools/list_changed} on B's
 * GET streams, when its provider stops heartbeating or its node dies; and a call running on A is cancelled by
 * {@code notifications/cancelled} posted to B.
 */
class McpClusterToolTest {

  private static final long TTL_SECONDS = 3;

  private TestCluster cluster;
  private RawMcp client;
  private RawMcp.Stream stream;
  private McpProvider provider;

  @BeforeEach
  void start() throws Exception {
    cluster = await(TestCluster.start(2, TestNodes::config), Duration.ofSeconds(120));
  }

  @AfterEach
  void stop() throws Exception {
    if (stream != null) {
      stream.close();
    }
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static <T> T await(Future<T> f, Duration timeout) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static <T> T await(Future<T> f) throws Exception {
    return await(f, Duration.ofSeconds(20));
  }

  static void eventually(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    eventually(() -> what, timeout, condition);
  }

  static void eventually(java.util.function.Supplier<String> what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what.get());
      }
      Thread.sleep(100);
    }
  }

  private static JsonObject toolDefinition(String name, String description) {
    return new JsonObject().put("name", name).put("description", description)
      .put("inputSchema", new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("word", new JsonObject().put("type", "string"))));
  }

  /** An echo tool on node A (index 0). */
  private String echoProviderOnA() throws Exception {
    String tool = "test_echo_" + UUID.randomUUID().toString().substring(0, 8);
    Vertx a = cluster.node(0);
    provider = new McpProvider(a, "test", "test.provider." + UUID.randomUUID(), TTL_SECONDS)
      .tool(toolDefinition(tool, "Echoes its word, from node A"), call -> Future.succeededFuture(new JsonObject()
        .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "echo " + call.arguments().getString("word"))))
        .put("structuredContent", new JsonObject().put("word", call.arguments().getString("word")).put("caller", call.principal().subject()))));
    await(provider.start());
    return tool;
  }

  /** An MCP client, with a GET stream, on node B (index 1). */
  private void clientOnB() throws Exception {
    Vertx b = cluster.node(1);
    client = new RawMcp(b, cluster.httpPort(1), new Tokens(b, TestNodes.SECRET).token("alice", "user"));
    await(client.initialize("2025-11-25"));
    stream = await(client.openStream());
    // 20 s like this class's other waits: a CI run (2 cores, two Hazelcast members starting) once took longer than 5 s
    // here; how fast the stream opens is the load suite's business, not this test's
    eventually(() -> "the GET stream's priming event; " + stream.received(), Duration.ofSeconds(20), stream::primed);
  }

  private List<String> toolNames() {
    try {
      return await(client.result("tools/list", null)).getJsonArray("tools").stream()
        .map(t -> ((JsonObject) t).getString("name")).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void toolOfNodeAIsCallableOnNodeBAndVanishesWhenItsProviderStopsHeartbeating() throws Exception {
    String tool = echoProviderOnA();
    clientOnB();
    assertTrue(toolNames().contains(tool), () -> "tools/list on B: " + toolNames());

    JsonObject result = await(client.result("tools/call", new JsonObject().put("name", tool).put("arguments", new JsonObject().put("word", "hi"))));
    assertEquals("echo hi", result.getJsonArray("content").getJsonObject(0).getString("text"), result::encode);
    assertEquals(new JsonObject().put("word", "hi").put("caller", "alice"), result.getJsonObject("structuredContent"));

    stream.messages.clear();
    await(provider.stop(false)); // stops serving and heartbeating; the entry lives until its TTL (3 s) runs out
    eventually(tool + " gone from tools/list on B", Duration.ofSeconds(20), () -> !toolNames().contains(tool));
    eventually("notifications/tools/list_changed on B's GET stream", Duration.ofSeconds(10),
      () -> stream.has("notifications/tools/list_changed"));
  }

  @Test
  void toolVanishesAtOnceWhenItsProviderUnregisters() throws Exception {
    String tool = echoProviderOnA();
    clientOnB();
    assertTrue(toolNames().contains(tool));
    stream.messages.clear();
    await(provider.stop());
    eventually(tool + " gone from tools/list on B", Duration.ofSeconds(5), () -> !toolNames().contains(tool));
    eventually("notifications/tools/list_changed on B's GET stream", Duration.ofSeconds(5),
      () -> stream.has("notifications/tools/list_changed"));
  }

  @Test
  void toolOfACrashedNodeVanishesAndBIsToldTheListChanged() throws Exception {
    String tool = echoProviderOnA();
    clientOnB();
    assertTrue(toolNames().contains(tool));
    await(cluster.awaitSafe(), Duration.ofSeconds(70));
    stream.messages.clear();
    await(cluster.crash(0), Duration.ofSeconds(30));
    eventually(tool + " gone from tools/list on B after A died", Duration.ofSeconds(30), () -> !toolNames().contains(tool));
    eventually("notifications/tools/list_changed on B's GET stream", Duration.ofSeconds(10),
      () -> stream.has("notifications/tools/list_changed"));
    // Switchboard's own tools are provided by every node: B still lists them.
    assertTrue(toolNames().contains("read_document"), () -> "tools/list on B: " + toolNames());
  }

  @Test
  void cancellationPostedToBStopsTheCallRunningOnA() throws Exception {
    String tool = "test_slow_" + UUID.randomUUID().toString().substring(0, 8);
    Vertx a = cluster.node(0);
    CompletableFuture<Void> invoked = new CompletableFuture<>();
    CompletableFuture<Long> observedCancel = new CompletableFuture<>();
    provider = new McpProvider(a, "test", "test.provider." + UUID.randomUUID(), TTL_SECONDS)
      .tool(toolDefinition(tool, "Completes after 10 s unless cancelled"), call -> {
        Promise<JsonObject> done = Promise.promise();
        long started = System.nanoTime();
        invoked.complete(null);
        a.setPeriodic(50, timer -> {
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          if (call.cancelled()) {
            a.cancelTimer(timer);
            observedCancel.complete(elapsed);
            done.fail(new JsonRpc.Failure(JsonRpc.INTERNAL_ERROR, "cancelled"));
          } else if (elapsed >= 10_000) {
            a.cancelTimer(timer);
            done.complete(new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "finished"))));
          }
        });
        return done.future();
      });
    await(provider.start());
    clientOnB();

    JsonObject slowCall = new JsonObject().put("jsonrpc", "2.0").put("id", 42).put("method", "tools/call")
      .put("params", new JsonObject().put("name", tool).put("arguments", new JsonObject()));
    Future<HttpResponse<Buffer>> pending = client.send(slowCall);
    invoked.get(10, TimeUnit.SECONDS);
    long cancelledAt = System.nanoTime();
    HttpResponse<Buffer> cancel = await(client.send(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
      .put("params", new JsonObject().put("requestId", 42).put("reason", "test cancels"))));
    assertEquals(202, cancel.statusCode(), cancel::bodyAsString);

    Long elapsed = observedCancel.get(5, TimeUnit.SECONDS);
    assertNotNull(elapsed);
    assertTrue(elapsed < 10_000, "the provider saw the cancellation before finishing");

    HttpResponse<Buffer> response = await(pending, Duration.ofSeconds(10));
    long endedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt);
    assertTrue(endedMs < 8_000, "the cancelled request's stream ended soon after the cancellation (" + endedMs + " ms)");
    assertEquals(200, response.statusCode(), response::bodyAsString);
    assertTrue(String.valueOf(response.getHeader("Content-Type")).startsWith("text/event-stream"), response::bodyAsString);
    List<JsonObject> messages = RawMcp.messages(response);
    assertFalse(messages.stream().anyMatch(m -> Integer.valueOf(42).equals(m.getValue("id"))),
      () -> "no response may be sent for a cancelled request: " + messages);

    // The session still works afterwards.
    assertTrue(toolNames().contains(tool));
  }
}
