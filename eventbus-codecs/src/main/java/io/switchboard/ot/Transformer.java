package io.switchboard.ot;

import java.util.List;

/**
 * Server-side rebasing of an incoming operation over the history it has not seen.
 */
public final class Transformer {

  private Transformer() {
  }

  /**
   * Rebases {@code op}, made against revision {@code r}, over {@code applied}: the operations the
   * server applied since {@code r}, oldest first. Each history operation is passed as the first
   * argument of {@link TextOperation#transform}, so on a tie (both insert at the same position)
   * the history's insert stays first. The result applies to the current document.
   *
   * @throws OperationException {@code base_length_mismatch} if {@code op} was not made against
   *     a document of the length revision {@code r} had
   */
  public static TextOperation transformAgainstHistory(TextOperation op, List<TextOperation> applied) {
    TextOperation current = op;
    for (TextOperation h : applied) {
      current = TextOperation.transform(h, current).bPrime();
    }
    return current;
  }
}
