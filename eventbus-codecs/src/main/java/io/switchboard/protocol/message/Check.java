package io.switchboard.protocol.message;

import io.switchboard.ot.TextOperation;
import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.ProtocolException;

/** Value checks shared by the message constructors; each names the field it rejects. */
final class Check {

  /** Largest integer a JavaScript client can hold exactly (2^53 - 1); bounds sequence numbers. */
  static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

  /** Maximum length of a user name ({@code user}, {@code author}). */
  static final int MAX_USER_LENGTH = 256;

  private Check() {
  }

  static <T> T present(String field, T value) {
    if (value == null) {
      throw ProtocolException.missing(field);
    }
    return value;
  }

  static String id(String field, String value) {
    return text(field, value, Protocol.MAX_ID_LENGTH);
  }

  static String text(String field, String value, int maxLength) {
    present(field, value);
    String problem = Protocol.textProblem(value, maxLength);
    if (problem != null) {
      throw ProtocolException.invalid(field, problem);
    }
    return value;
  }

  static long seq(String field, long value) {
    if (value < 0 || value > MAX_SAFE_INTEGER) {
      throw ProtocolException.invalid(field, "must be between 0 and 2^53-1, was " + value);
    }
    return value;
  }

  static String user(String field, String value) {
    return text(field, value, MAX_USER_LENGTH);
  }

  /** A document revision: 0 .. 2^53-1, so JavaScript clients hold it exactly. */
  static long revision(String field, long value) {
    return seq(field, value);
  }

  /** A non-empty operation of at most {@link Edit#MAX_OP_COMPONENTS} components. */
  static TextOperation operation(String field, TextOperation op) {
    present(field, op);
    if (op.components().isEmpty()) {
      throw ProtocolException.invalid(field, "must not be empty");
    }
    Edit.checkSize(field, op.components().size());
    return op;
  }

  static long nonNegative(String field, long value) {
    if (value < 0) {
      throw ProtocolException.invalid(field, "must not be negative, was " + value);
    }
    return value;
  }

  static void e2ePayload(boolean e2e, Object payload) {
    if (e2e && !(payload instanceof String)) {
      throw ProtocolException.invalid("payload", "an e2e payload must be a string (opaque ciphertext)");
    }
  }
}
