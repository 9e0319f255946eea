package io.switchboard.mcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Configuration of the MCP server (keys and defaults in docs/configuration.md). */
public record McpSettings(String path, boolean allowAnonymous, JsonArray allowedOrigins, int maxMessageBytes,
                          int maxBatch, long sessionTtlSeconds, long callTimeoutMs, long clientRequestTimeoutMs,
                          JsonArray authorizationServers, boolean conformanceFixture) {

  public static final String PATH = "mcp.path";
  public static final String ALLOW_ANONYMOUS = "mcp.allow-anonymous";
  public static final String ALLOWED_ORIGINS = "mcp.allowed-origins";
  public static final String MAX_MESSAGE_BYTES = "mcp.max-message-bytes";
  public static final String MAX_BATCH = "mcp.max-batch";
  public static final String SESSION_TTL_SECONDS = "mcp.session-ttl-seconds";
  public static final String CALL_TIMEOUT_MS = "mcp.call-timeout-ms";
  public static final String CLIENT_REQUEST_TIMEOUT_MS = "mcp.client-request-timeout-ms";
  public static final String AUTHORIZATION_SERVERS = "mcp.authorization-servers";
  public static final String CONFORMANCE_FIXTURE = "mcp.conformance-fixture";

  public static McpSettings from(JsonObject c) {
    return new McpSettings(c.getString(PATH), c.getBoolean(ALLOW_ANONYMOUS), c.getJsonArray(ALLOWED_ORIGINS),
      c.getInteger(MAX_MESSAGE_BYTES), c.getInteger(MAX_BATCH), c.getLong(SESSION_TTL_SECONDS), c.getLong(CALL_TIMEOUT_MS),
      c.getLong(CLIENT_REQUEST_TIMEOUT_MS), c.getJsonArray(AUTHORIZATION_SERVERS), c.getBoolean(CONFORMANCE_FIXTURE));
  }

  /** DNS-rebinding protection: no Origin (not a browser), an allowed one, or one on the host that was asked. */
  public boolean originAllowed(String origin, String requestHost) {
    if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
      return true;
    }
    try {
      String host = java.net.URI.create(origin).getHost();
      return host != null && host.equalsIgnoreCase(requestHost);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
