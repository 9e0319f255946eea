package io.switchboard.protocol.message;

/**
 * A point in a topic's history: {@code epoch} names the numbering (it changes when the history
 * that numbers belong to is lost), {@code seq} counts messages within it. The epoch is an opaque
 * string rather than a number so JavaScript clients never round it.
 */
public record Position(String epoch, long seq) {

  public static final int MAX_EPOCH_LENGTH = 64;

  public Position {
    Check.text("epoch", epoch, MAX_EPOCH_LENGTH);
    Check.seq("seq", seq);
  }
}
