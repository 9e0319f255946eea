package io.switchboard.http;

import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.security.Principal;
import io.switchboard.security.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;


/**
 * Per-principal token bucket on the REST API (per node: each node has its own buckets). Over the limit the
 * request gets 429 with {@code Retry-After} in whole seconds. Runs after {@link BearerAuthHandler}; requests
 * on public paths are keyed by remote address.
 */
final class RateLimitHandler implements Handler<RoutingContext> {

  private final RateLimiter limiter;
  private final NodeMetrics metrics;

  RateLimitHandler(RateLimiter limiter, NodeMetrics metrics) {
    this.limiter = limiter;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = BearerAuthHandler.principal(ctx);
    String key = principal != null ? "sub:" + principal.subject()
      : "ip:" + (ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress());
    long waitNanos = limiter.acquire(key);
    if (waitNanos == 0) {
      ctx.next();
      return;
    }
    metrics.rateLimited("rest");
    long seconds = RateLimiter.retryAfterSeconds(waitNanos);
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    ctx.fail(new ServiceError(ErrorCode.RATE_LIMITED, "rate limit exceeded, retry in " + seconds + " s"));
  }
}
