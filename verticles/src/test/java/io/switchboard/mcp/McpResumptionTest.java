package io.switchboard.mcp;

import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streamable HTTP resumption: a client loses the SSE stream of a running tool call on node A after the first
 * event, reconnects to node B with {@code GET} + {@code Last-Event-ID}, and receives the rest: the later log
 * messages and the result, nothing twice.
 */
@ExtendWith(VertxExtension.class)
class McpResumptionTest {

  private TestCluster cluster;
  private McpProvider provider;

  @AfterEach
  void close() throws Exception {
    if (provider != null) {
      provider.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** One SSE event: its id and its JSON-RPC message (null for the priming event). */
  record Event(String id, JsonObject message) {
  }

  private static void parse(StringBuilder pending, List<Event> into) {
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      String id = null;
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).trim());
        }
      }
      into.add(new Event(id, data.length() == 0 ? null : new JsonObject(data.toString())));
    }
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void aLostStreamIsResumedOnAnotherNode(Vertx vertx, VertxTestContext ctx) {
    String token = new Tokens(vertx, TestNodes.SECRET).token("alice", "user");
    HttpClient http = vertx.createHttpClient();
    String[] session = new String[1];
    List<Event> first = new CopyOnWriteArrayList<>();
    List<Event> resumed = new CopyOnWriteArrayList<>();
    TestCluster.start(2, TestNodes::config).compose(c -> {
      cluster = c;
      provider = new McpProvider(cluster.node(0), "test", "test.resumable." + java.util.UUID.randomUUID(), 30)
        .tool(new JsonObject().put("name", "slow_steps").put("description", "logs three steps, then answers")
          .put("inputSchema", new JsonObject().put("type", "object")), call -> {
          call.log("info", "step 1");
          Promise<JsonObject> done = Promise.promise();
          cluster.node(0).setTimer(400, t -> call.log("info", "step 2"));
          cluster.node(0).setTimer(800, t -> call.log("info", "step 3"));
          cluster.node(0).setTimer(1200, t -> done.complete(new JsonObject().put("content",
            new JsonArray().add(new JsonObject().put("type", "text").put("text", "done")))));
          return done.future();
        });
      return provider.start();
    })
      .compose(v -> post(http, cluster.httpPort(0), token, null, new JsonObject().put("jsonrpc", "2.0").put("id", 1)
        .put("method", "initialize").put("params", new JsonObject().put("protocolVersion", "2025-11-25")
          .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "test").put("version", "1")))))
      .compose(init -> {
        session[0] = init.getHeader("Mcp-Session-Id");
        return init.body().compose(b -> post(http, cluster.httpPort(0), token, session[0],
          new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized")));
      })
      .compose(r -> post(http, cluster.httpPort(0), token, session[0], new JsonObject().put("jsonrpc", "2.0").put("id", 2)
        .put("method", "tools/call").put("params", new JsonObject().put("name", "slow_steps").put("arguments", new JsonObject()))))
      .compose(stream -> {
        // Read until the first real event (the log "step 1"), then drop the connection.
        Promise<String> lastId = Promise.promise();
        StringBuilder pending = new StringBuilder();
        stream.handler(chunk -> {
          pending.append(chunk.toString());
          parse(pending, first);
          first.stream().filter(e -> e.message() != null).findFirst().ifPresent(e -> {
            if (lastId.tryComplete(e.id())) {
              stream.request().connection().close();
            }
          });
        });
        return lastId.future().timeout(10, TimeUnit.SECONDS);
      })
      .compose(lastId -> http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
          .setPort(cluster.httpPort(1)).setURI("/mcp").putHeader("Authorization", "Bearer " + token)
          .putHeader("Accept", "text/event-stream").putHeader("Mcp-Session-Id", session[0]).putHeader("Last-Event-ID", lastId))
        .compose(req -> req.send())
        .compose(resp -> {
          Promise<Void> result = Promise.promise();
          StringBuilder pending = new StringBuilder();
          resp.handler(chunk -> {
            pending.append(chunk.toString());
            parse(pending, resumed);
            if (resumed.stream().anyMatch(e -> e.message() != null && Integer.valueOf(2).equals(e.message().getValue("id")))) {
              result.tryComplete();
              resp.request().connection().close();
            }
          });
          return result.future().timeout(15, TimeUnit.SECONDS);
        }))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertTrue(first.get(0).message() == null && first.get(0).id() != null, "the stream was primed: " + first);
        List<String> logs = resumed.stream().filter(e -> e.message() != null && e.message().containsKey("method"))
          .map(e -> e.message().getJsonObject("params").getString("data")).toList();
        assertEquals(List.of("step 2", "step 3"), logs, "the missed log messages, once, in order");
        JsonObject response = resumed.stream().filter(e -> e.message() != null && e.message().containsKey("result"))
          .findFirst().orElseThrow().message();
        assertEquals("done", response.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
        http.close();
        ctx.completeNow();
      })));
  }

  private static Future<HttpClientResponse> post(HttpClient http, int port, String token, String session, JsonObject body) {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI("/mcp")
      .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json")
      .putHeader("Accept", "application/json, text/event-stream").putHeader("MCP-Protocol-Version", "2025-11-25");
    if (session != null) {
      o.putHeader("Mcp-Session-Id", session);
    }
    return http.request(o).compose(req -> req.send(Buffer.buffer(body.encode())));
  }
}
