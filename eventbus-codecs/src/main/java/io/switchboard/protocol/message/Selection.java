package io.switchboard.protocol.message;

import io.switchboard.protocol.ProtocolException;

/**
 * A selected range of a document, in code points: {@code start <= end}, both {@code >= 0}
 * ({@code start == end} is an empty selection).
 */
public record Selection(int start, int end) {

  public Selection {
    Check.nonNegative("start", start);
    Check.nonNegative("end", end);
    if (start > end) {
      throw ProtocolException.invalid("end", "must not be less than start (" + start + "), was " + end);
    }
  }
}
