package io.switchboard.mcp;

import io.switchboard.support.RunningNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider of the node declared safe on any event loop ({@link McpProvider#servesAnyEventLoop}) is called by the
 * node's MCP edges directly, with no event-bus message to its address; any other over the bus. Either way a call
 * answers the same: its result, its progress before its result, a failure's code and message, and a timeout.
 */
class McpLocalProviderTest {

  private static RunningNode node;
  private static final Map<String, AtomicInteger> busSends = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject().put("mcp.call-timeout-ms", 1500));
    node.vertx.eventBus().addOutboundInterceptor(ctx -> {
      busSends.computeIfAbsent(ctx.message().address(), a -> new AtomicInteger()).incrementAndGet();
      ctx.next();
    });
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  /** Four tools (answer, progress then answer, throw, never answer) on a fresh address; local or not. */
  private static String[] provider(boolean local) throws Exception {
    String prefix = (local ? "local_" : "bus_") + UUID.randomUUID().toString().substring(0, 6);
    String address = "test.provider." + prefix;
    JsonObject schema = new JsonObject().put("type", "object").put("properties", new JsonObject());
    McpProvider p = new McpProvider(node.vertx, "test", address, 30)
      .tool(new JsonObject().put("name", prefix + "_ok").put("inputSchema", schema), call -> Future.succeededFuture(
        new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "hi " + call.principal().subject())))))
      .tool(new JsonObject().put("name", prefix + "_progress").put("inputSchema", schema), call -> {
        call.progress(1, 2.0, "half");
        return Future.succeededFuture(new JsonObject().put("content", new JsonArray()));
      })
      .tool(new JsonObject().put("name", prefix + "_throws").put("inputSchema", schema), call -> {
        throw new IllegalStateException("broken");
      })
      .tool(new JsonObject().put("name", prefix + "_silent").put("inputSchema", schema), call -> Promise.<JsonObject>promise().future());
    if (local) {
      p.servesAnyEventLoop();
    }
    await(p.start());
    return new String[] {address, prefix};
  }

  private static JsonObject call(RawMcp mcp, String tool, Object progressToken) throws Exception {
    JsonObject params = new JsonObject().put("name", tool).put("arguments", new JsonObject());
    if (progressToken != null) {
      params.put("_meta", new JsonObject().put("progressToken", progressToken));
    }
    var response = await(mcp.send(new JsonObject().put("jsonrpc", "2.0").put("id", 9).put("method", "tools/call").put("params", params)));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    var messages = RawMcp.messages(response);
    JsonObject last = messages.get(messages.size() - 1);
    if (progressToken != null) {
      assertEquals("notifications/progress", messages.get(0).getString("method"), "progress comes before the answer: " + messages);
    }
    return last.copy().put("id", "normalised"); // the answer alone
  }

  @Test
  void aLocalProviderIsCalledWithoutTheBusAndAnswersAsOverTheBus() throws Exception {
    String[] local = provider(true);
    String[] bus = provider(false);
    RawMcp mcp = new RawMcp(node.vertx, node.httpPort(), node.token("local-caller", "user"));
    await(mcp.initialize("2025-06-18"));

    for (String tool : new String[] {"_ok", "_progress", "_throws", "_silent"}) {
      JsonObject viaLocal = call(mcp, local[1] + tool, tool.equals("_progress") ? "p1" : null);
      JsonObject viaBus = call(mcp, bus[1] + tool, tool.equals("_progress") ? "p1" : null);
      assertEquals(viaBus, viaLocal, tool + ": the same answer either way");
    }
    JsonObject ok = call(mcp, local[1] + "_ok", null);
    assertEquals("hi local-caller", ok.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
    JsonObject failed = call(mcp, local[1] + "_throws", null);
    assertTrue(failed.getJsonObject("error").getString("message").contains("broken"), failed.encode());
    JsonObject silent = call(mcp, local[1] + "_silent", null);
    assertEquals("the provider did not answer in time", silent.getJsonObject("error").getString("message"), silent.encode());

    assertEquals(null, busSends.get(local[0]), "no bus message to the local provider's address");
    assertTrue(busSends.get(bus[0]).get() >= 4, "the other provider is reached over the bus: " + busSends.get(bus[0]));
  }
}
