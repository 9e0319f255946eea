package io.switchboard.http;

import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure as {@code {"error":{"code","message","fields"?}}} with the matching status. Unexpected
 * exceptions are logged here and reach the client as a bare {@code internal_error}: never a stack trace.
 */
final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {
  }

  static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    send(ctx, toServiceError(ctx));
  }

  static void send(RoutingContext ctx, ServiceError error) {
    ctx.response()
      .setStatusCode(error.code().status())
      .putHeader("Content-Type", "application/json")
      .end(error.toJson().toBuffer());
  }

  private static ServiceError toServiceError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ServiceError se) {
      return se;
    }
    if (failure instanceof DecodeException) {
      return ServiceError.badRequest("request body is not valid JSON");
    }
    int status = failure instanceof HttpException he ? he.getStatusCode() : ctx.statusCode();
    return switch (status) {
      case 400 -> ServiceError.badRequest("bad request");
      case 401 -> new ServiceError(ErrorCode.UNAUTHORIZED, "authentication required");
      case 403 -> new ServiceError(ErrorCode.FORBIDDEN, "forbidden");
      case 404 -> new ServiceError(ErrorCode.NOT_FOUND, "no such resource: " + ctx.request().method() + " " + ctx.request().path());
      case 405 -> new ServiceError(ErrorCode.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 413 -> new ServiceError(ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds the limit");
      case 415 -> new ServiceError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "unsupported content type");
      default -> {
        LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
        yield new ServiceError(ErrorCode.INTERNAL, "internal error");
      }
    };
  }
}
