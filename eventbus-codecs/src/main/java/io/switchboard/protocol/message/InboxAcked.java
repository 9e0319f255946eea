package io.switchboard.protocol.message;

/**
 * Reply to {@code inbox_ack}: the acknowledged messages are gone from the inbox.
 *
 * @param id the {@code inbox_ack}'s id
 * @param upTo its {@code upTo}
 * @param removed how many messages this acknowledgement removed (0 if another connection of the user already did)
 */
public record InboxAcked(String id, String upTo, long removed) implements ServerMessage {

  public InboxAcked {
    Check.id("id", id);
    Check.id("upTo", upTo);
    Check.nonNegative("removed", removed);
  }

  @Override
  public MessageType type() {
    return MessageType.INBOX_ACKED;
  }
}
