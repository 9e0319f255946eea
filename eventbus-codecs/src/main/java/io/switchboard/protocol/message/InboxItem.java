package io.switchboard.protocol.message;

/**
 * A message addressed to this user (a direct message, a mention, a session invitation), from the user's offline
 * inbox or pushed live. On the wire: the fields of the {@code deliver} it carries, plus {@code inboxId} (the key to
 * acknowledge it with; inbox ids sort in inbox order) and {@code reason}.
 *
 * @param inboxId its place in the inbox
 * @param reason {@code direct}, {@code mention} or {@code invitation} (clients treat others like {@code direct})
 * @param deliver the message as subscribers of its topic get it (signature included)
 */
public record InboxItem(String inboxId, String reason, Deliver deliver) implements ServerMessage {

  public static final String DIRECT = "direct";
  public static final String MENTION = "mention";
  public static final String INVITATION = "invitation";

  public InboxItem {
    Check.id("inboxId", inboxId);
    Check.id("reason", reason);
    Check.present("deliver", deliver);
  }

  @Override
  public MessageType type() {
    return MessageType.INBOX;
  }
}
