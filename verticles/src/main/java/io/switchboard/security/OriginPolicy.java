package io.switchboard.security;

import io.vertx.core.json.JsonArray;

import java.net.URI;

/**
 * Cross-site request protection for browser-facing endpoints (the WebSocket gateway, the SockJS bridge): a browser
 * on another site carries its user's cookie to us, and only the {@code Origin} header tells. Allowed: no Origin
 * (not a browser), an origin in the allow-list ({@code ws.allowed-origins}; {@code *} allows all), or an origin
 * on the very host the client connected to (the web client is served from the same host).
 */
public final class OriginPolicy {

  private final JsonArray allowedOrigins;

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
    try {
      String originHost = URI.create(origin).getHost();
      return originHost != null && requestHost != null && originHost.equalsIgnoreCase(requestHost);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
