package io.switchboard.mcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Configuration of the MCP server (keys and defaults in docs/configuration.md). */
public record McpSettings(String path, boolean allowAnonymous, JsonArray allowedOrigins, JsonArray allowedHosts,
                          boolean loopbackOnly, int maxMessageBytes,
                          int maxBatch, long sessionTtlSeconds, long callTimeoutMs, long clientRequestTimeoutMs,
                          JsonArray authorizationServers, boolean conformanceFixture, int maxEntriesPerProvider,
                          int maxSessionsPerPrincipal) {

  public static final String PATH = "mcp.path";
  public static final String ALLOW_ANONYMOUS = "mcp.allow-anonymous";
  public static final String ALLOWED_ORIGINS = "mcp.allowed-origins";
  public static final String ALLOWED_HOSTS = "mcp.allowed-hosts";
  private static final java.util.Set<String> LOOPBACK_NAMES = java.util.Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  public static final String MAX_MESSAGE_BYTES = "mcp.max-message-bytes";
  public static final String MAX_BATCH = "mcp.max-batch";
  public static final String SESSION_TTL_SECONDS = "mcp.session-ttl-seconds";
  public static final String CALL_TIMEOUT_MS = "mcp.call-timeout-ms";
  public static final String CLIENT_REQUEST_TIMEOUT_MS = "mcp.client-request-timeout-ms";
  public static final String AUTHORIZATION_SERVERS = "mcp.authorization-servers";
  public static final String CONFORMANCE_FIXTURE = "mcp.conformance-fixture";
  public static final String MAX_ENTRIES_PER_PROVIDER = "mcp.max-entries-per-provider";
  public static final String MAX_SESSIONS_PER_PRINCIPAL = "mcp.max-sessions-per-principal";

  public static McpSettings from(JsonObject c) {
    String httpHost = c.getString("http.host", "");
    boolean loopback = httpHost.equals("localhost") || httpHost.startsWith("127.") || httpHost.equals("::1");
    return new McpSettings(c.getString(PATH), c.getBoolean(ALLOW_ANONYMOUS), c.getJsonArray(ALLOWED_ORIGINS),
      c.getJsonArray(ALLOWED_HOSTS), loopback, c.getInteger(MAX_MESSAGE_BYTES), c.getInteger(MAX_BATCH), c.getLong(SESSION_TTL_SECONDS), c.getLong(CALL_TIMEOUT_MS),
      c.getLong(CLIENT_REQUEST_TIMEOUT_MS), c.getJsonArray(AUTHORIZATION_SERVERS), c.getBoolean(CONFORMANCE_FIXTURE),
      c.getInteger(MAX_ENTRIES_PER_PROVIDER), c.getInteger(MAX_SESSIONS_PER_PRINCIPAL));
  }

  /**
   * DNS-rebinding protection, on the {@code Host} header: the configured {@code mcp.allowed-hosts} (any port); if
   * none is configured, a node listening on loopback accepts only loopback names and any other node any host.
   */
  public boolean hostAllowed(String host) {
    if (host == null) {
      return !loopbackOnly && allowedHosts.isEmpty();
    }
    if (!allowedHosts.isEmpty()) {
      return allowedHosts.contains("*") || allowedHosts.contains(host.toLowerCase());
    }
    return !loopbackOnly || LOOPBACK_NAMES.contains(host.toLowerCase());
  }

  /** And on {@code Origin}: none (not a browser), an allowed one, or one whose host passes {@link #hostAllowed}. */
  public boolean originAllowed(String origin) {
    if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
      return true;
    }
    try {
      String host = java.net.URI.create(origin).getHost();
      return host != null && hostAllowed(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
