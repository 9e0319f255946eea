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
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

/**
 * The SockJS event-bus bridge at {@code /eventbus} (browsers, with {@code @vertx/eventbus-bridge-client.js} or any
 * SockJS client). A browser authenticates with the {@code access_token} cookie or the {@code Authorization} header at
 * connection, or with a token in a frame's headers or a login frame ({@link BridgeGuard}).
 */
public final class SockJsBridge {

  public static final String PATH = "/eventbus";
  /** The largest frame a browser may send over any transport: the gateway's WebSocket limit. */
  static final String MAX_FRAME_BYTES = "ws.max-frame-bytes";
  /**
   * Where the token of the request that opens a socket is kept in its routing context, read before SockJS sees the
   * request: SockJS hides cookies from the socket's headers, and for XHR from the request itself.
   */
  private static final String TOKEN = "switchboard.sockjs.token";

  private SockJsBridge() {
  }

  public static void mount(Vertx vertx, Router router, TokenVerifier verifier, JsonObject config) {
    SockJSBridgeOptions options = new SockJSBridgeOptions().setPingTimeout(60_000);
    BridgeGuard.inboundRegexes().forEach(r -> options.addInboundPermitted(new PermittedOptions().setAddressRegex((String) r)));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex("switchboard\\.bridge\\..+"));
    BridgeGuard guard = new BridgeGuard(vertx, verifier, config, "sockjs",
      (socket, reason) -> ((io.vertx.ext.web.handler.sockjs.SockJSSocket) socket).close(4001, reason), null);
    OriginPolicy origins = new OriginPolicy(config.getJsonArray("ws.allowed-origins"));
    // Every SockJS transport (WebSocket, XHR, EventSource, ...) goes through this first: the gateway's Origin rule.
    router.route(PATH + "/*").handler(ctx -> {
      String origin = ctx.request().getHeader("Origin");
      String host = ctx.request().authority() == null ? null : ctx.request().authority().host();
      if (origins.allowed(origin, host)) {
        // Read now: for the XHR transports SockJS removes the Cookie header from the request before the socket exists.
        ctx.put(TOKEN, token(ctx.request().headers()));
        ctx.next();
        return;
      }
      Audit.record(vertx, Audit.ACCESS_DENIED, new JsonObject().put("transport", "sockjs").put("reason", "origin not allowed")
        .put("origin", origin).put("path", ctx.request().path()));
      ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("error", new JsonObject().put("code", "forbidden").put("message", "origin not allowed: " + origin)).encode());
    });
    // The XHR and JSONP transports send frames as POST bodies (xhr_send, jsonp_send): SockJS reads them from the
    // routing context, so they need a body handler, bounded like a WebSocket frame (without one every send was a 500).
    router.post(PATH + "/*").handler(BodyHandler.create(false)
      .setBodyLimit(config.getLong(MAX_FRAME_BYTES, 1_048_576L)));
    // No JSESSIONID cookie (a sticky-session aid for load balancers that XHR sends echoed back as a copy of the
    // request's first cookie, the access token itself).
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions().setInsertJSESSIONID(false);
    router.route(PATH + "/*").subRouter(SockJSHandler.create(vertx, sockJs).bridge(options, event -> {
      if (event.type() == BridgeEventType.SOCKET_CREATED) {
        io.vertx.ext.web.RoutingContext rc = event.socket().routingContext();
        String token = rc != null ? rc.get(TOKEN) : token(event.socket().headers());
        guard.authenticate(event.socket(), token).onComplete(v -> event.complete(true));
        return;
      }
      guard.handle(event.socket(), event);
    }));
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
