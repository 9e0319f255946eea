package io.switchboard.ws;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.http.ServerWebSocketHandshake;

import java.util.List;

/**
 * Where a WebSocket client's JWT comes from, in order: the {@code access_token} cookie (browsers: set by the
 * page, never visible to scripts if HttpOnly; only with an {@code Origin} header, which the gateway checks), an {@code Authorization: Bearer} header (programs), or a
 * {@code token} query parameter (the least safe: URLs end up in logs and histories; for clients that can do
 * neither).
 */
final class Handshake {

  static final String COOKIE = "access_token";
  static final String QUERY_PARAMETER = "token";

  private Handshake() {
  }

  static String token(ServerWebSocketHandshake hs) {
    String cookies = hs.headers().get("Cookie");
    // A cookie is sent by the browser on its own: it counts only where the request names its (checked) Origin.
    if (cookies != null && hs.headers().get("Origin") != null) {
      for (Cookie c : ServerCookieDecoder.LAX.decode(cookies)) {
        if (COOKIE.equals(c.name()) && !c.value().isEmpty()) {
          return c.value();
        }
      }
    }
    String auth = hs.headers().get("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    if (hs.query() != null) {
      List<String> values = new QueryStringDecoder("?" + hs.query()).parameters().get(QUERY_PARAMETER);
      if (values != null && !values.isEmpty()) {
        return values.get(0);
      }
    }
    return null;
  }
}
