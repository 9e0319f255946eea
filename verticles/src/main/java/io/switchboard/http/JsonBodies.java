package io.switchboard.http;

import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading JSON request bodies and writing JSON responses, with precise errors for bad input. */
final class JsonBodies {

  private JsonBodies() {
  }

  /** The body as a JSON object: 415 unless the content type is JSON, 400 unless it parses to an object. */
  static JsonObject object(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase();
    if (!mime.equals("application/json") && !mime.equals("application/merge-patch+json")) {
      throw new ServiceError(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be application/json" + (type == null ? " (none given)" : ", not " + type));
    }
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw ServiceError.badRequest("request body is empty; a JSON object is expected");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(ctx.body().buffer());
    } catch (DecodeException e) {
      throw ServiceError.badRequest("request body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw ServiceError.badRequest("request body must be a JSON object");
    }
    String bad = io.switchboard.protocol.Unicode.problemIn(object, "");
    if (bad != null) {
      throw ServiceError.validation(new JsonObject().put(bad, "is not valid Unicode (a lone UTF-16 surrogate)"));
    }
    return object;
  }

  static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }
}
