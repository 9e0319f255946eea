package io.switchboard.security;

import io.vertx.core.json.JsonObject;

/**
 * Whether {@code POST /api/auth/token} hands out tokens. {@code auth.dev-tokens}: {@code true}, {@code false}, or
 * {@code auto} (default): on only when the node generated its own secret (no key configured) AND every port it
 * listens on (REST, WebSocket, TCP bridge) is bound to loopback, i.e. a developer's machine. A node reachable from a
 * network on any of its ports never issues tokens unless told to.
 */
public final class DevTokens {

  private DevTokens() {
  }

  public static boolean enabled(JsonObject config) {
    String setting = config.getString(SecurityConfig.DEV_TOKENS, "auto");
    return switch (setting) {
      case "true" -> true;
      case "false" -> false;
      case "auto" -> config.getBoolean(SecurityConfig.JWT_SECRET_GENERATED, false)
        && isLoopback(config.getString("http.host", ""))
        && (!config.getBoolean("ws.enabled", true) || isLoopback(config.getString("ws.host", "")))
        && (!config.getBoolean("bridge.tcp.enabled", false) || isLoopback(config.getString("bridge.tcp.host", "")));
      default -> throw new IllegalArgumentException(SecurityConfig.DEV_TOKENS + " must be true, false or auto, not " + setting);
    };
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }
}
