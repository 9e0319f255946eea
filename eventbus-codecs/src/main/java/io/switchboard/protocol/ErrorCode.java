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
  INTERNAL("internal", true),

  // ---- collaborative sessions (gateway / session engine; not produced by this module) ----
  /** No collaborative session with this id (or the client has not joined it). */
  NOT_FOUND("not_found", false),
  /** The session has ended or is suspended; the message says which. */
  SESSION_ENDED("session_ended", false),
  /**
   * The edit's base revision is older than the history the server keeps. Retryable once the
   * client has re-joined (fresh text and revision), not by resending the same edit.
   */
  RESYNC("resync", true),
  /** A revision from the future (newer than the document's). */
  INVALID_REVISION("invalid_revision", false),
  /** Applying the edit would make the document larger than the server allows. */
  DOCUMENT_TOO_LARGE("document_too_large", false),
  /** The operation does not fit the document at its base revision (ot: {@code base_length_mismatch}). */
  BASE_LENGTH_MISMATCH("base_length_mismatch", false),
  /** A delete runs past the end of the document (ot: {@code delete_past_end}). */
  DELETE_PAST_END("delete_past_end", false),
  /** A retain runs past the end of the document (ot: {@code retain_past_end}). */
  RETAIN_PAST_END("retain_past_end", false);

  private static final java.util.Map<String, ErrorCode> BY_WIRE = new java.util.HashMap<>();

  static {
    for (ErrorCode c : values()) {
      BY_WIRE.put(c.wire, c);
    }
  }

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

  /**
   * The code with this wire name, or null. Lets the gateway pass an
   * {@link io.switchboard.ot.OperationException#code()} through ({@code base_length_mismatch},
   * {@code resync}, ...); codes with no entry here ({@code invalid_component}) need a mapping of their own, and the
   * ot {@code too_large} of {@code OtDocument.apply} is {@link #DOCUMENT_TOO_LARGE}, not {@link #TOO_LARGE}.
   */
  public static ErrorCode ofWire(String wire) {
    return BY_WIRE.get(wire);
  }

  @Override
  public String toString() {
    return wire;
  }
}
