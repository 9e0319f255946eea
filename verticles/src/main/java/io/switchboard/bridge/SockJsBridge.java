package io.switchboard.bridge;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.switchboard.security.Audit;
import io.switchboard.security.OriginPolicy;
import io.switchboard.security.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

/**
 * The SockJS event-bus bridge at {@code /eventbus} (browsers, with {@code @vertx/eventbus-bridge-client.js} or any
 * SockJS client). A browser authenticates with the {@code access_token} cookie or the {@code Authorization} header at
 * connection, or with a token in a frame's headers or a login frame ({@link BridgeGuard}).
 */
public final class SockJsBridge {

  public static final String PATH = "/eventbus";

  private SockJsBridge() {
  }

  public static void mount(Vertx vertx, Router router, TokenVerifier verifier, JsonObject config) {
    SockJSBridgeOptions options = new SockJSBridgeOptions().setPingTimeout(60_000);
    BridgeGuard.inboundRegexes().forEach(r -> options.addInboundPermitted(new PermittedOptions().setAddressRegex((String) r)));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex("switchboard\\.bridge\\..+"));
    BridgeGuard guard = new BridgeGuard(vertx, verifier, config, "sockjs",
      (socket, reason) -> ((io.vertx.ext.web.handler.sockjs.SockJSSocket) socket).close(4001, reason));
    OriginPolicy origins = new OriginPolicy(config.getJsonArray("ws.allowed-origins"));
    // Every SockJS transport (WebSocket, XHR, EventSource, ...) goes through this first: the gateway's Origin rule.
    router.route(PATH + "/*").handler(ctx -> {
      String origin = ctx.request().getHeader("Origin");
      String host = ctx.request().authority() == null ? null : ctx.request().authority().host();
      if (origins.allowed(origin, host)) {
        ctx.next();
        return;
      }
      Audit.record(vertx, Audit.ACCESS_DENIED, new JsonObject().put("transport", "sockjs").put("reason", "origin not allowed")
        .put("origin", origin).put("path", ctx.request().path()));
      ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("error", new JsonObject().put("code", "forbidden").put("message", "origin not allowed: " + origin)).encode());
    });
    router.route(PATH + "/*").subRouter(SockJSHandler.create(vertx).bridge(options, event -> {
      if (event.type() == BridgeEventType.SOCKET_CREATED) {
        guard.authenticate(event.socket(), token(requestHeaders(event.socket()))).onComplete(v -> event.complete(true));
        return;
      }
      guard.handle(event.socket(), event);
    }));
  }

  /**
   * The headers of the HTTP request that opened the socket. Not {@code socket.headers()}: SockJS strips the cookies
   * from those (so the {@code access_token} cookie would never be seen); the routing context has them.
   */
  private static io.vertx.core.MultiMap requestHeaders(io.vertx.ext.web.handler.sockjs.SockJSSocket socket) {
    io.vertx.ext.web.RoutingContext rc = socket.routingContext();
    return rc != null ? rc.request().headers() : socket.headers();
  }

  /**
   * The token the connection was opened with. The cookie counts only on a request that says where it comes from
   * (an {@code Origin}, checked above): a cookie is sent by the browser on its own, so it must never authenticate a
   * request whose origin we could not check.
   */
  private static String token(io.vertx.core.MultiMap headers) {
    String cookies = headers.get("Cookie");
    if (cookies != null && headers.get("Origin") != null) {
      for (Cookie c : ServerCookieDecoder.LAX.decode(cookies)) {
        if ("access_token".equals(c.name())) {
          return c.value();
        }
      }
    }
    String auth = headers.get("Authorization");
    return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
  }
}
