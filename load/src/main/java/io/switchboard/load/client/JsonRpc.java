package io.switchboard.load.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON-RPC 2.0 messages as MCP uses them, and the checks a load client makes on the answers. */
public final class JsonRpc {

  private JsonRpc() {
  }

  public static JsonObject request(long id, String method, JsonObject params) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method).put("params", params);
  }

  public static JsonObject notification(String method) {
    return new JsonObject().put("jsonrpc", "2.0").put("method", method);
  }

  /** Whether {@code message} is the response (result or error) to the request with this id. */
  public static boolean isResponseTo(JsonObject message, long id) {
    if (message == null || message.containsKey("method") || !(message.containsKey("result") || message.containsKey("error"))) {
      return false;
    }
    Object got = message.getValue("id");
    // a server may echo the id as any JSON number, or (wrongly but harmlessly) as its string form
    return got instanceof Number n ? n.doubleValue() == id : String.valueOf(id).equals(got);
  }

  /** Null when the response is a successful result, else what went wrong (a JSON-RPC error). */
  public static String error(JsonObject response) {
    if (response.getValue("error") != null) {
      JsonObject e = response.getValue("error") instanceof JsonObject o ? o : new JsonObject();
      return "JSON-RPC error " + e.getValue("code") + ": " + e.getValue("message");
    }
    if (!(response.getValue("result") instanceof JsonObject)) {
      return "no result object: " + response.encode();
    }
    return null;
  }

  /** Null when a tools/call response is a successful tool result, else why not (error, or isError with its text). */
  public static String toolCallProblem(JsonObject response) {
    String error = error(response);
    if (error != null) {
      return error;
    }
    JsonObject result = response.getJsonObject("result");
    if (Boolean.TRUE.equals(result.getValue("isError"))) {
      return "tool result isError: " + firstText(result);
    }
    if (!(result.getValue("content") instanceof JsonArray)) {
      return "tool result without content: " + result.encode();
    }
    return null;
  }

  private static String firstText(JsonObject result) {
    if (result.getValue("content") instanceof JsonArray content && !content.isEmpty()
        && content.getValue(0) instanceof JsonObject first) {
      return String.valueOf(first.getValue("text"));
    }
    return result.encode();
  }
}
