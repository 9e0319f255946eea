package io.switchboard.http;

import io.switchboard.metrics.NodeMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Declares API routes, each with the same front: tag the request with its route template (so metrics count
 * {@code /api/sessions/:id}, not one series per session), then authenticate, then rate-limit. Public paths pass
 * through the authenticator untouched (it knows which they are).
 */
final class RouteTags {

  private static final String KEY = "switchboard.route";

  private final NodeMetrics metrics;
  private final Handler<RoutingContext> auth;
  private final Handler<RoutingContext> rateLimit;

  RouteTags(NodeMetrics metrics, Handler<RoutingContext> auth, Handler<RoutingContext> rateLimit) {
    this.metrics = metrics;
    this.auth = auth;
    this.rateLimit = rateLimit;
  }

  /**
   * First handler on every request: times and counts it by route and status when the response ends. The route is
   * the template an API route declared ({@link #route}), else the path of the last route that handled it (MCP,
   * SockJS: constant paths of the code's own), else {@code other} (the web client's files, unknown paths): never a
   * path the client chose.
   */
  void countRequests(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> metrics.httpRequest(route(ctx), ctx.response().getStatusCode(), System.nanoTime() - start));
    ctx.next();
  }

  private static String route(RoutingContext ctx) {
    String tagged = ctx.get(KEY);
    if (tagged != null) {
      return tagged;
    }
    Route current = ctx.currentRoute();
    String path = current == null || current.isRegexPath() ? null : current.getPath();
    return path == null || path.indexOf(':') >= 0 ? "other" : path;
  }

  Route get(Router router, String path) {
    return route(router, HttpMethod.GET, path);
  }

  Route post(Router router, String path) {
    return route(router, HttpMethod.POST, path);
  }

  Route patch(Router router, String path) {
    return route(router, HttpMethod.PATCH, path);
  }

  Route delete(Router router, String path) {
    return route(router, HttpMethod.DELETE, path);
  }

  private Route route(Router router, HttpMethod method, String path) {
    return router.route(method, path)
      .handler(ctx -> {
        ctx.put(KEY, path);
        ctx.next();
      })
      .handler(auth)
      .handler(rateLimit);
  }
}
