package io.switchboard.bus;

/**
 * Stable error codes. The code (not the message) is the contract: clients branch on it. Each carries the HTTP
 * status the REST API answers with; over the event bus the status travels as the reply's failure code.
 */
public enum ErrorCode {
  BAD_REQUEST("bad_request", 400),
  VALIDATION_FAILED("validation_failed", 400),
  UNAUTHORIZED("unauthorized", 401),
  INVALID_TOKEN("invalid_token", 401),
  FORBIDDEN("forbidden", 403),
  NOT_FOUND("not_found", 404),
  METHOD_NOT_ALLOWED("method_not_allowed", 405),
  CONFLICT("conflict", 409),
  PRECONDITION_FAILED("precondition_failed", 412),
  SESSION_ENDED("session_ended", 409),
  RESYNC("resync", 409),
  INVALID_REVISION("invalid_revision", 400),
  BASE_LENGTH_MISMATCH("base_length_mismatch", 400),
  DELETE_PAST_END("delete_past_end", 400),
  RETAIN_PAST_END("retain_past_end", 400),
  DOCUMENT_TOO_LARGE("document_too_large", 413),
  OPERATION_TOO_LARGE("operation_too_large", 413),
  PAYLOAD_TOO_LARGE("payload_too_large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
  RATE_LIMITED("rate_limited", 429),
  INTERNAL("internal_error", 500),
  UNAVAILABLE("unavailable", 503),
  TIMEOUT("timeout", 504);

  private final String code;
  private final int status;

  ErrorCode(String code, int status) {
    this.code = code;
    this.status = status;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public static ErrorCode fromCode(String code) {
    for (ErrorCode c : values()) {
      if (c.code.equals(code)) {
        return c;
      }
    }
    return INTERNAL;
  }
}
