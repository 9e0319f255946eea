package io.switchboard.http;

import io.switchboard.bus.ServiceError;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.security.Audit;
import io.switchboard.security.Principal;
import io.switchboard.security.TokenVerifier;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <jwt>} on every path it guards except the configured public ones. A
 * refusal is a 401 with a JSON error and an RFC 6750 {@code WWW-Authenticate} header, and is audited.
 */
final class BearerAuthHandler implements Handler<RoutingContext> {

  static final String PRINCIPAL = "principal";

  private final TokenVerifier verifier;
  private final Set<String> publicPaths;
  private final NodeMetrics metrics;

  BearerAuthHandler(TokenVerifier verifier, Set<String> publicPaths, NodeMetrics metrics) {
    this.verifier = verifier;
    this.publicPaths = publicPaths;
    this.metrics = metrics;
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (publicPaths.contains(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).trim();
    }
    verifier.verifyWithClaims(token).onComplete(
      verified -> {
        ctx.put(PRINCIPAL, verified.principal());
        ctx.next();
      },
      err -> {
        ServiceError error = ServiceError.from(err);
        String reason = error.getMessage();
        metrics.authFailure(error.code().code());
        Audit.record(ctx.vertx(), Audit.AUTH_FAILED, new JsonObject()
          .put("reason", reason)
          .put("remote", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress())
          .put("method", ctx.request().method().name())
          .put("path", ctx.normalizedPath()));
        String challenge = error.code() == io.switchboard.bus.ErrorCode.UNAUTHORIZED
          ? "Bearer realm=\"switchboard\""
          : "Bearer realm=\"switchboard\", error=\"invalid_token\", error_description=\"" + reason + "\"";
        ctx.response().putHeader("WWW-Authenticate", challenge);
        ctx.fail(error);
      });
  }
}
