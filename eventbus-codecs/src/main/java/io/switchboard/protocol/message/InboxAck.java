package io.switchboard.protocol.message;

/**
 * The client has processed its offline-inbox messages up to and including {@code upTo} (an {@code inboxId}); the
 * server removes those it delivered on this connection and answers {@code inbox_acked}.
 *
 * @param id the client's id for this acknowledgement, echoed in {@code inbox_acked}
 * @param upTo the {@code inboxId} of the last message processed
 */
public record InboxAck(String id, String upTo) implements ClientMessage {

  public InboxAck {
    Check.id("id", id);
    Check.id("upTo", upTo);
  }

  @Override
  public MessageType type() {
    return MessageType.INBOX_ACK;
  }
}
