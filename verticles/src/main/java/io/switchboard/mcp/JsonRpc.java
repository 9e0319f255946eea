package io.switchboard.mcp;

import io.vertx.core.json.JsonObject;

/** JSON-RPC 2.0 messages and the error codes MCP uses. */
public final class JsonRpc {

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  /** Implementation-defined server error: the caller's request budget is spent (HTTP 429 where there is HTTP). */
  public static final int RATE_LIMITED = -32029;
  public static final int INTERNAL_ERROR = -32603;
  /** MCP: the resource does not exist. */
  public static final int RESOURCE_NOT_FOUND = -32002;

  private JsonRpc() {
  }

  public static JsonObject result(Object id, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
  }

  public static JsonObject error(Object id, int code, String message) {
    return error(id, code, message, null);
  }

  public static JsonObject error(Object id, int code, String message, JsonObject data) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (data != null) {
      error.put("data", data);
    }
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", error);
  }

  public static JsonObject notification(String method, JsonObject params) {
    JsonObject n = new JsonObject().put("jsonrpc", "2.0").put("method", method);
    if (params != null) {
      n.put("params", params);
    }
    return n;
  }

  public static JsonObject request(Object id, String method, JsonObject params) {
    return notification(method, params).put("id", id);
  }

  public static boolean isRequest(JsonObject m) {
    return m.containsKey("method") && m.containsKey("id");
  }

  public static boolean isNotification(JsonObject m) {
    return m.containsKey("method") && !m.containsKey("id");
  }

  public static boolean isResponse(JsonObject m) {
    return !m.containsKey("method") && m.containsKey("id") && (m.containsKey("result") || m.containsKey("error"));
  }

  /** A failure a handler reports as a JSON-RPC error. */
  public static final class Failure extends RuntimeException {
    public final int code;
    public final JsonObject data;

    public Failure(int code, String message) {
      this(code, message, null);
    }

    public Failure(int code, String message, JsonObject data) {
      super(message, null, false, false);
      this.code = code;
      this.data = data;
    }
  }

  /**
   * Checks the envelope of one message: jsonrpc "2.0", id a string or integer (never null), method a string.
   * Returns null when valid, else the error response to send.
   */
  public static JsonObject invalid(Object raw) {
    if (!(raw instanceof JsonObject m)) {
      return error(null, INVALID_REQUEST, "a JSON-RPC message must be an object");
    }
    Object id = m.getValue("id");
    boolean idOk = id == null || id instanceof String || id instanceof Integer || id instanceof Long;
    if (!"2.0".equals(m.getValue("jsonrpc"))) {
      return error(idOk ? id : null, INVALID_REQUEST, "jsonrpc must be \"2.0\"");
    }
    if (!idOk || (m.containsKey("id") && id == null)) {
      return error(null, INVALID_REQUEST, "id must be a string or an integer");
    }
    if (m.containsKey("method") && !(m.getValue("method") instanceof String)) {
      return error(id, INVALID_REQUEST, "method must be a string");
    }
    if (!m.containsKey("method") && !(m.containsKey("result") || m.containsKey("error"))) {
      return error(id, INVALID_REQUEST, "neither a request, a notification nor a response");
    }
    if (m.containsKey("params") && !(m.getValue("params") instanceof JsonObject)) {
      return error(id, INVALID_PARAMS, "params must be an object");
    }
    return null;
  }
}
