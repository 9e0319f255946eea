package io.switchboard.protocol;

import io.switchboard.protocol.message.ErrorMessage;

/**
 * A frame the protocol rejects. Carries the stable {@link ErrorCode}, the offending field
 * (dotted path such as {@code messages[2].topic} or {@code filter.and[0].op}, null when the
 * frame as a whole is at fault) and the id of the message when it could be read, so the gateway
 * can answer with {@link #toErrorMessage()} directly.
 *
 * <p>No stack trace is captured: bad frames come from clients and can be frequent.
 */
public final class ProtocolException extends RuntimeException {

  private final ErrorCode code;
  private final String field;
  private final String ref;

  public ProtocolException(ErrorCode code, String field, String message) {
    this(code, field, null, message);
  }

  public ProtocolException(ErrorCode code, String field, String ref, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
    this.ref = ref;
  }

  public static ProtocolException missing(String field) {
    return new ProtocolException(ErrorCode.MISSING_FIELD, field, "missing field '" + field + "'");
  }

  public static ProtocolException invalid(String field, String why) {
    return new ProtocolException(ErrorCode.INVALID_FIELD, field, "invalid field '" + field + "': " + why);
  }

  public ErrorCode code() {
    return code;
  }

  /** Dotted path of the offending field, or null. */
  public String field() {
    return field;
  }

  /** Id of the message the error refers to, or null when it could not be read. */
  public String ref() {
    return ref;
  }

  /** Same error with the field path prefixed (e.g. by {@code messages[3]}) and a ref if none yet. */
  public ProtocolException within(String prefix, String ref) {
    String path = prefix == null ? field : field == null ? prefix : prefix + "." + field;
    return new ProtocolException(code, path, this.ref != null ? this.ref : ref, getMessage());
  }

  /** Same error, referring to the given message id unless it already refers to one. */
  public ProtocolException withRef(String ref) {
    return this.ref != null || ref == null ? this : new ProtocolException(code, field, ref, getMessage());
  }

  /** The {@code error} message to send back to the client. */
  public ErrorMessage toErrorMessage() {
    return new ErrorMessage(code.wire(), getMessage(), ref, field, code.retryable());
  }
}
