package io.switchboard.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A failure a client may see: stable code, human message, optional per-field details. Services fail bus
 * requests with it ({@link #replyTo}); edges turn a failed request back into one ({@link #from}) and render
 * it. Anything else (a bug, a timeout) becomes a generic error so that no stack trace reaches a client.
 */
public final class ServiceError extends RuntimeException {

  private final ErrorCode code;
  private final JsonObject fields;

  public ServiceError(ErrorCode code, String message) {
    this(code, message, null);
  }

  public ServiceError(ErrorCode code, String message, JsonObject fields) {
    super(message, null, false, false);
    this.code = code;
    this.fields = fields;
  }

  public ErrorCode code() {
    return code;
  }

  public JsonObject fields() {
    return fields;
  }

  /** The JSON body clients receive: {@code {"error":{"code":..,"message":..,"fields":{..}}}}. */
  public JsonObject toJson() {
    JsonObject error = new JsonObject().put("code", code.code()).put("message", getMessage());
    if (fields != null && !fields.isEmpty()) {
      error.put("fields", fields);
    }
    return new JsonObject().put("error", error);
  }

  /** Fails a bus request so that the requester can rebuild this error exactly. */
  public void replyTo(Message<?> message) {
    message.fail(code.status(), toJson().encode());
  }

  /** Rebuilds the error a service replied with; maps bus-level failures (timeouts, no handler) too. */
  public static ServiceError from(Throwable failure) {
    if (failure instanceof ServiceError se) {
      return se;
    }
    // a bus request that timed out, or a service called directly and bounded by Future.timeout: the same answer
    if (failure instanceof java.util.concurrent.TimeoutException
      || failure instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT) {
      return new ServiceError(ErrorCode.TIMEOUT, "the service did not answer in time");
    }
    if (failure instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return new ServiceError(ErrorCode.UNAVAILABLE, "the service is not available on this node");
      }
      String body = re.getMessage();
      if (body != null && body.startsWith("{")) {
        try {
          return fromJson(new JsonObject(body));
        } catch (DecodeException | ClassCastException ignored) {
          // not one of ours: fall through to the generic error
        }
      }
    }
    return new ServiceError(ErrorCode.INTERNAL, "internal error");
  }

  /** Rebuilds an error from its {@link #toJson} form. */
  public static ServiceError fromJson(JsonObject body) {
    JsonObject error = body.getJsonObject("error");
    if (error == null) {
      return new ServiceError(ErrorCode.INTERNAL, "internal error");
    }
    return new ServiceError(ErrorCode.fromCode(error.getString("code")), error.getString("message", "error"),
      error.getJsonObject("fields"));
  }

  public static ServiceError notFound(String what) {
    return new ServiceError(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ServiceError badRequest(String message) {
    return new ServiceError(ErrorCode.BAD_REQUEST, message);
  }

  public static ServiceError validation(JsonObject fields) {
    return new ServiceError(ErrorCode.VALIDATION_FAILED, "invalid fields: " + String.join(", ", fields.fieldNames()), fields);
  }
}
