package io.switchboard.mcp;

import io.switchboard.security.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One MCP session: what initialisation negotiated and what the client asked for since (log level, resource
 * subscriptions). Plain JSON, so the HTTP transport can keep it in the cluster (any node serves any session)
 * while the WebSocket and stdio transports keep it with their connection.
 */
public final class McpSession {

  private JsonObject state;
  /** Changed since it was loaded or last saved: only then does the HTTP transport write it back to the cluster. */
  private boolean changed;
  /** The state is shared with other readers (a parsed state the transport reuses): copied before the first change. */
  private boolean shared;

  public McpSession(JsonObject state) {
    this.state = state;
  }

  /**
   * A session over a state that others read too (never modified through this session: its first change works on a
   * copy), so that a state parsed once can serve every request that finds the same stored JSON.
   */
  public static McpSession sharing(JsonObject state) {
    McpSession s = new McpSession(state);
    s.shared = true;
    return s;
  }

  private JsonObject writable() {
    if (shared) {
      state = state.copy();
      shared = false;
    }
    return state;
  }

  public static McpSession create(String id, Principal principal) {
    McpSession s = new McpSession(new JsonObject().put("id", id).put("principal", principal.toJson())
      .put("created", System.currentTimeMillis()).put("logLevel", "info").put("subscriptions", new JsonArray()));
    s.changed = true;
    return s;
  }

  /** Whether anything changed since the session was loaded, created or last {@link #saved}. */
  public boolean changed() {
    return changed;
  }

  public void saved() {
    changed = false;
  }

  public String id() {
    return state.getString("id");
  }

  public Principal principal() {
    return Principal.fromJson(state.getJsonObject("principal"));
  }

  /** The subject of the principal that opened the session, read without building the principal (every request). */
  public String subject() {
    return state.getJsonObject("principal").getString("sub");
  }

  /** The principal as stored ({@link Principal#toJson}): what a provider is handed; do not modify. */
  public JsonObject principalJson() {
    return state.getJsonObject("principal");
  }

  public String protocolVersion() {
    return state.getString("protocolVersion");
  }

  public boolean initialized() {
    return state.getString("protocolVersion") != null;
  }

  void initialize(String version, JsonObject clientCapabilities, JsonObject clientInfo) {
    writable().put("protocolVersion", version).put("clientCapabilities", clientCapabilities).put("clientInfo", clientInfo);
    changed = true;
  }

  public boolean clientSupports(String capability) {
    JsonObject caps = state.getJsonObject("clientCapabilities");
    return caps != null && caps.containsKey(capability);
  }

  public String logLevel() {
    return state.getString("logLevel");
  }

  void logLevel(String level) {
    if (!level.equals(state.getString("logLevel"))) {
      writable().put("logLevel", level);
      changed = true;
    }
  }

  public boolean subscribed(String uri) {
    return state.getJsonArray("subscriptions").contains(uri);
  }

  void subscribe(String uri) {
    if (!subscribed(uri)) {
      writable().getJsonArray("subscriptions").add(uri);
      changed = true;
    }
  }

  void unsubscribe(String uri) {
    if (subscribed(uri)) {
      changed |= writable().getJsonArray("subscriptions").remove(uri);
    }
  }

  public JsonObject toJson() {
    return state;
  }
}
