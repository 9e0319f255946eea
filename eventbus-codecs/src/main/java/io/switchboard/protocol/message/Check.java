package io.switchboard.protocol.message;

import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.ProtocolException;

/** Value checks shared by the message constructors; each names the field it rejects. */
final class Check {

  /** Largest integer a JavaScript client can hold exactly (2^53 - 1); bounds sequence numbers. */
  static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

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
    if (value.isEmpty()) {
      throw ProtocolException.invalid(field, "must not be empty");
    }
    if (value.length() > maxLength) {
      throw ProtocolException.invalid(field, "longer than " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < 0x20 || value.charAt(i) == 0x7f) {
        throw ProtocolException.invalid(field, "must not contain control characters");
      }
    }
    return value;
  }

  static long seq(String field, long value) {
    if (value < 0 || value > MAX_SAFE_INTEGER) {
      throw ProtocolException.invalid(field, "must be between 0 and 2^53-1, was " + value);
    }
    return value;
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
