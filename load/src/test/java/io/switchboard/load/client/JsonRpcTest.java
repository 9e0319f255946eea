package io.switchboard.load.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonRpcTest {

  private static JsonObject result(long id, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
  }

  private static JsonObject textResult(String text) {
    return new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)));
  }

  @Test
  void matchesOnlyTheResponseWithTheId() {
    assertTrue(JsonRpc.isResponseTo(result(3, new JsonObject()), 3));
    assertTrue(JsonRpc.isResponseTo(new JsonObject("{\"jsonrpc\":\"2.0\",\"id\":3.0,\"result\":{}}"), 3));
    assertTrue(JsonRpc.isResponseTo(new JsonObject("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-1}}"), 3));
    assertFalse(JsonRpc.isResponseTo(result(4, new JsonObject()), 3));
    assertFalse(JsonRpc.isResponseTo(new JsonObject("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}"), 3));
    // a server request that happens to use the same id is not our response
    assertFalse(JsonRpc.isResponseTo(new JsonObject("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"sampling/createMessage\"}"), 3));
    assertFalse(JsonRpc.isResponseTo(null, 3));
  }

  @Test
  void toolCallProblems() {
    assertNull(JsonRpc.toolCallProblem(result(1, textResult("ok"))));
    assertEquals("tool result isError: boom", JsonRpc.toolCallProblem(result(1, textResult("boom").put("isError", true))));
    assertEquals("JSON-RPC error -32602: unknown tool: x", JsonRpc.toolCallProblem(new JsonObject()
        .put("id", 1).put("error", new JsonObject().put("code", -32602).put("message", "unknown tool: x"))));
    assertTrue(JsonRpc.toolCallProblem(result(1, new JsonObject())).startsWith("tool result without content"));
    assertTrue(JsonRpc.error(new JsonObject().put("id", 1).put("result", "x")).startsWith("no result object"));
  }

  @Test
  void messageShapes() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{}}",
        JsonRpc.request(5, "tools/call", new JsonObject()).encode());
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        JsonRpc.notification("notifications/initialized").encode());
  }
}
