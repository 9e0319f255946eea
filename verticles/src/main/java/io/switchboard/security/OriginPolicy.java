package io.switchboard.security;

import io.vertx.core.json.JsonArray;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cross-site request protection for browser-facing endpoints (the WebSocket gateway, the SockJS bridge): a browser
 * on another site carries its user's cookie to us, and only the {@code Origin} header tells. Allowed: no Origin
 * (not a browser), an origin in the allow-list ({@code ws.allowed-origins}; {@code *} allows all), or an origin
 * on the very host the client connected to (the web client is served from the same host).
 */
public final class OriginPolicy {

  private final JsonArray allowedOrigins;
  /**
   * The host of each origin seen lately ("" when it has none or does not parse): a browser sends the same Origin on
   * every connection, and parsing it as a URI was a visible share of a handshake. Client-controlled keys, so
   * bounded: started over past {@value #MAX_HOSTS}.
   */
  private final Map<String, String> hosts = new ConcurrentHashMap<>();
  private static final int MAX_HOSTS = 1_000;

  public OriginPolicy(JsonArray allowedOrigins) {
    this.allowedOrigins = allowedOrigins == null ? new JsonArray() : allowedOrigins;
  }

  public boolean allowed(String origin, String requestHost) {
    if (origin == null) {
      return true;
    }
    if (allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
      return true;
    }
    String originHost = hosts.get(origin);
    if (originHost == null) {
      originHost = hostOf(origin);
      if (hosts.size() >= MAX_HOSTS) {
        hosts.clear();
      }
      hosts.put(origin, originHost);
    }
    return !originHost.isEmpty() && requestHost != null && originHost.equalsIgnoreCase(requestHost);
  }

  private static String hostOf(String origin) {
    try {
      String host = URI.create(origin).getHost();
      return host == null ? "" : host;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
