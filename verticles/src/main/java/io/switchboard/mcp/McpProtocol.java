package io.switchboard.mcp;

import io.switchboard.Version;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The MCP revisions this server speaks, newest first, and what it announces at initialisation. */
public final class McpProtocol {

  public static final String LATEST = "2025-11-25";
  public static final List<String> SUPPORTED = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  private McpProtocol() {
  }

  /** The spec's rule: the client's version if we support it, else our latest (the client then decides). */
  public static String negotiate(String requested) {
    return requested != null && SUPPORTED.contains(requested) ? requested : LATEST;
  }

  public static boolean allowsBatches(String version) {
    return "2025-03-26".equals(version);
  }

  public static JsonObject serverInfo() {
    return new JsonObject().put("name", "switchboard").put("title", "Switchboard").put("version", Version.VERSION);
  }

  public static JsonObject capabilities() {
    return new JsonObject()
      .put("tools", new JsonObject().put("listChanged", true))
      .put("resources", new JsonObject().put("subscribe", true).put("listChanged", true))
      .put("prompts", new JsonObject().put("listChanged", true))
      .put("logging", new JsonObject())
      .put("completions", new JsonObject());
  }
}
