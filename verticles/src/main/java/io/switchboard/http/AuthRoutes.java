package io.switchboard.http;

import io.switchboard.security.SecurityApi;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/auth/token}: development tokens, mounted only when {@code auth.dev-tokens} allows it (see
 * DevTokens). The security verticle signs; this route only forwards.
 */
final class AuthRoutes {

  static final String TOKEN_PATH = "/api/auth/token";

  private final BusClient bus;

  AuthRoutes(BusClient bus) {
    this.bus = bus;
  }

  void mount(Router router, RouteTags tags) {
    tags.post(router, TOKEN_PATH).handler(this::issue);
  }

  private void issue(RoutingContext ctx) {
    bus.request(SecurityApi.ISSUE_TOKEN, null, JsonBodies.object(ctx))
      .onSuccess(token -> JsonBodies.send(ctx, 200, token))
      .onFailure(ctx::fail);
  }
}
