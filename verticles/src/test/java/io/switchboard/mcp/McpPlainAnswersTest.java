package io.switchboard.mcp;

import io.switchboard.support.RunningNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streamable HTTP answers a request the cheapest way the specification allows: a call that sends nothing before its
 * response is one {@code application/json} object even when the client accepts an event stream; a call that does
 * (logging, progress) gets the stream. A session is not rewritten by calls that do not change it, and still expires
 * after {@code mcp.session-ttl-seconds} idle, and not while it is used.
 */
class McpPlainAnswersTest {

  private static RunningNode node;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject().put("mcp.conformance-fixture", true).put("mcp.session-ttl-seconds", 4));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private static JsonObject call(String tool) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", 7).put("method", "tools/call")
      .put("params", new JsonObject().put("name", tool).put("arguments", new JsonObject()));
  }

  @Test
  void aPlainAnswerIsJsonAndAStreamedOneIsAStream() throws Exception {
    RawMcp mcp = new RawMcp(node.vertx, node.httpPort(), node.token("plain", "user"));
    await(mcp.initialize("2025-06-18"));

    HttpResponse<Buffer> plain = await(mcp.send(call("test_simple_text")));
    assertEquals(200, plain.statusCode(), plain.bodyAsString());
    assertTrue(String.valueOf(plain.getHeader("Content-Type")).startsWith("application/json"), plain.bodyAsString());
    assertEquals(7, plain.bodyAsJsonObject().getInteger("id"));
    assertTrue(plain.bodyAsJsonObject().getJsonObject("result").encode().contains("simple text response"));

    await(mcp.result("logging/setLevel", new JsonObject().put("level", "debug")));
    HttpResponse<Buffer> streamed = await(mcp.send(call("test_tool_with_logging")));
    assertEquals(200, streamed.statusCode(), streamed.bodyAsString());
    assertTrue(String.valueOf(streamed.getHeader("Content-Type")).startsWith("text/event-stream"), streamed.bodyAsString());
    List<JsonObject> messages = RawMcp.messages(streamed);
    assertTrue(messages.size() > 1, "log notifications before the response: " + messages);
    assertEquals(7, messages.get(messages.size() - 1).getInteger("id"));
  }

  @Test
  void aSessionLivesWhileUsedAndExpiresWhenIdle() throws Exception {
    RawMcp mcp = new RawMcp(node.vertx, node.httpPort(), node.token("idle", "user"));
    await(mcp.initialize("2025-06-18"));
    // used every 0.7 s for 5.6 s, longer than its 4 s idle time: none of these calls rewrites it, and every other one
    // is read in place on its owner (no access for Hazelcast's max-idle: the transport's own clock sends a read to
    // the cluster once a second here, which keeps it alive); it stays
    for (int i = 0; i < 8; i++) {
      Thread.sleep(700);
      assertEquals(200, await(mcp.send(call("test_simple_text"))).statusCode());
    }
    Thread.sleep(5500); // idle past 4 s (Hazelcast's expiry times are whole seconds)
    HttpResponse<Buffer> gone = await(mcp.send(call("test_simple_text")));
    assertEquals(404, gone.statusCode(), gone.bodyAsString());
  }
}
