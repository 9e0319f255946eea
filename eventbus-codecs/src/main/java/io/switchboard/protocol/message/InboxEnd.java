package io.switchboard.protocol.message;

/**
 * Sent once per connection after the stored inbox messages: what followed {@code ready} from the inbox is
 * complete (later {@code inbox} messages are live).
 *
 * @param count how many stored messages were sent
 * @param trimmed how many older ones the inbox dropped since the last acknowledgement, because it was full or they
 *     were too old
 */
public record InboxEnd(long count, long trimmed) implements ServerMessage {

  public InboxEnd {
    Check.nonNegative("count", count);
    Check.nonNegative("trimmed", trimmed);
  }

  @Override
  public MessageType type() {
    return MessageType.INBOX_END;
  }
}
