package io.switchboard.ot;

/**
 * Why an operation could not be parsed, built, applied, composed or transformed.
 *
 * <p>Unchecked on purpose: the callers (an entry processor, a WebSocket handler) translate it into
 * an error reply once, at the edge. {@link #code()} is a stable, lower-case wire code meant to be
 * sent to clients; {@link #getMessage()} is for humans and may change. {@link #index()} is the
 * position of the offending component (in the JSON array or the operation) or {@code -1}.
 */
public final class OperationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The document's length (in code points) is not the operation's base length. */
  public static final String BASE_LENGTH_MISMATCH = "base_length_mismatch";
  /** A delete component runs past the end of the document. */
  public static final String DELETE_PAST_END = "delete_past_end";
  /** A retain component runs past the end of the document. */
  public static final String RETAIN_PAST_END = "retain_past_end";
  /** A component is malformed: 0, a non-integer, null, a nested value, an empty or ill-formed string. */
  public static final String INVALID_COMPONENT = "invalid_component";
  /** A size guard was exceeded (components, inserted code points, document length, int overflow). */
  public static final String TOO_LARGE = "too_large";
  /** The base revision is older than the history the server keeps: the client must resynchronise. */
  public static final String RESYNC = "resync";
  /** The base revision is newer than the document's revision (or negative). */
  public static final String INVALID_REVISION = "invalid_revision";

  private final String code;
  private final int index;

  public OperationException(String code, String message) {
    this(code, -1, message);
  }

  public OperationException(String code, int index, String message) {
    super(message);
    this.code = code;
    this.index = index;
  }

  /** Stable machine-readable code, e.g. {@code base_length_mismatch}. */
  public String code() {
    return code;
  }

  /** Index of the offending component, or {@code -1} when the error is not about one component. */
  public int index() {
    return index;
  }

  @Override
  public String toString() {
    return "OperationException[" + code + (index >= 0 ? " at " + index : "") + "]: " + getMessage();
  }
}
