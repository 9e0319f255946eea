package io.switchboard.protocol;

/**
 * Stable error codes carried in {@code error} messages. The wire string never changes once
 * released; clients switch on it. The first group is produced by this module's decoders, the
 * second is reserved for the gateway (server behaviour).
 */
public enum ErrorCode {
  /** The frame is not valid JSON / MsgPack, or not an object at the top level. */
  MALFORMED("malformed", false),
  /** The {@code type} field names no message type this side accepts. */
  UNKNOWN_TYPE("unknown_type", false),
  /** A required field is absent. */
  MISSING_FIELD("missing_field", false),
  /** A field has the wrong JSON type or a value outside its allowed range/syntax. */
  INVALID_FIELD("invalid_field", false),
  /** The frame, a batch, a nesting depth or a filter exceeds a limit. */
  TOO_LARGE("too_large", false),

  // ---- reserved for the gateway (not produced by this module) ----
  /** The connection is not (or no longer) authenticated. */
  UNAUTHORIZED("unauthorized", false),
  /** Policy forbids this operation on this topic. */
  FORBIDDEN("forbidden", false),
  /** The client exceeded a rate limit; retry later. */
  RATE_LIMITED("rate_limited", true),
  /** Unsubscribe for a topic the connection is not subscribed to. */
  NOT_SUBSCRIBED("not_subscribed", false),
  LIMIT_EXCEEDED("limit_exceeded", false),
  /** The server could not complete the request (e.g. a node left); retry may succeed. */
  UNAVAILABLE("unavailable", true),
  /** Unexpected server failure. */
  INTERNAL("internal", true);

  private final String wire;
  private final boolean retryable;

  ErrorCode(String wire, boolean retryable) {
    this.wire = wire;
    this.retryable = retryable;
  }

  /** The string sent as {@code code}. */
  public String wire() {
    return wire;
  }

  /** Whether resending the same message unchanged may succeed. */
  public boolean retryable() {
    return retryable;
  }

  @Override
  public String toString() {
    return wire;
  }
}
