package io.switchboard.load.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link McpClient} against a tiny in-test Streamable HTTP server that negotiates an older revision, answers
 * tools/call as an event stream (priming event, a notification, the response split over writes) and ping as JSON.
 */
class McpClientTest {

  private Vertx vertx;
  private HttpServer server;
  private HttpClient http;
  private io.vertx.core.Context context;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  /** When set, tools/call gets a stream that ends with another request's response only. */
  private volatile boolean wrongStream;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer().requestHandler(this::serve).listen(0, "127.0.0.1"));
    context = vertx.getOrCreateContext();
    http = HttpCalls.client(vertx, 2);
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private void serve(HttpServerRequest req) {
    String sid = req.getHeader(McpClient.SESSION_HEADER);
    String version = req.getHeader(McpClient.VERSION_HEADER);
    if (req.method() == HttpMethod.DELETE) {
      seen.add("DELETE " + sid);
      req.response().setStatusCode(204).end();
      return;
    }
    req.body().onSuccess(b -> {
      JsonObject m = b.toJsonObject();
      String method = m.getString("method");
      seen.add(method + " " + sid + " " + version + " " + req.getHeader("Accept"));
      var resp = req.response();
      switch (method) {
        case "initialize" -> resp.putHeader(McpClient.SESSION_HEADER, "s1").putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("jsonrpc", "2.0").put("id", m.getValue("id"))
                .put("result", new JsonObject().put("protocolVersion", "2025-06-18")).encode());
        case "notifications/initialized" -> resp.setStatusCode(202).end();
        case "tools/call" -> {
          if (wrongStream) {
            resp.putHeader("Content-Type", "text/event-stream").end("data: {\"jsonrpc\":\"2.0\",\"id\":999,\"result\":{}}\n\n");
            return;
          }
          boolean fail = m.getJsonObject("params").getJsonObject("arguments").getBoolean("fail", false);
          JsonObject result = new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "hi")));
          if (fail) {
            result.put("isError", true);
          }
          String response = new JsonObject().put("jsonrpc", "2.0").put("id", m.getValue("id")).put("result", result).encode();
          resp.setChunked(true).putHeader("Content-Type", "text/event-stream");
          resp.write("id: a-0\r\nretry: 1000\r\ndata: \r\n\r\n");
          resp.write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n");
          int half = response.length() / 2;
          resp.write("id: a-2\nevent: message\ndata: " + response.substring(0, half));
          vertx.setTimer(5, t -> resp.end(response.substring(half) + "\n\n"));
        }
        default -> resp.putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("jsonrpc", "2.0").put("id", m.getValue("id")).put("result", new JsonObject()).encode());
      }
    });
  }

  @Test
  void handshakeStreamedAndPlainResponsesAndClose() throws Exception {
    McpClient mcp = new McpClient(http, "http://127.0.0.1:" + server.actualPort() + "/mcp", null);
    McpClient.Answer init = await(onContext(() -> mcp.initialize()));
    assertEquals("2025-06-18", mcp.protocolVersion(), "the server's revision is used from then on");
    assertEquals("s1", mcp.sessionId());
    assertFalse(init.streamed());
    assertEquals("initialize null null application/json, text/event-stream", seen.get(0));
    assertEquals("notifications/initialized s1 2025-06-18 application/json, text/event-stream", seen.get(1));

    McpClient.Answer call = await(onContext(() -> mcp.request("tools/call", new JsonObject().put("name", "greet").put("arguments", new JsonObject()))));
    assertTrue(call.streamed());
    assertNull(JsonRpc.toolCallProblem(call.response()));
    assertEquals("hi", call.response().getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
    assertTrue(call.bytes() > 100);

    McpClient.Answer failed = await(onContext(() -> mcp.request("tools/call", new JsonObject().put("name", "greet")
        .put("arguments", new JsonObject().put("fail", true)))));
    assertEquals("tool result isError: hi", JsonRpc.toolCallProblem(failed.response()));

    McpClient.Answer ping = await(onContext(() -> mcp.request("ping", new JsonObject())));
    assertFalse(ping.streamed());
    assertNull(JsonRpc.error(ping.response()));

    await(onContext(() -> mcp.close()));
    assertEquals("DELETE s1", seen.get(seen.size() - 1));
  }

  @Test
  void aStreamThatEndsWithoutTheResponseFails() throws Exception {
    wrongStream = true;
    McpClient mcp = new McpClient(http, "http://127.0.0.1:" + server.actualPort() + "/mcp", "t");
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> await(onContext(() -> mcp.request("tools/call", new JsonObject()))));
    assertTrue(e.getMessage().contains("event stream ended without the response to request 1"), e.getMessage());
  }

  /**
   * Calls the client from a Vert.x context, as the scenarios do: a response's handlers are then set on the thread
   * that delivers its body, so no chunk can arrive before them (from a plain test thread one could).
   */
  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> call) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> call.get().onComplete(p));
    return p.future();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
