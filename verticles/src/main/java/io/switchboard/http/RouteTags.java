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

  /** First handler on every request: counts it by route and status when the response ends. */
  void countRequests(RoutingContext ctx) {
    ctx.addEndHandler(done -> metrics.httpRequest(ctx.get(KEY, "unmatched"), ctx.response().getStatusCode()));
    ctx.next();
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
