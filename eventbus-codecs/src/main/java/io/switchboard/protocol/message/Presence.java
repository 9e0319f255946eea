package io.switchboard.protocol.message;

/**
 * The client's own cursor (and selection) in a session's document, in code points. The server
 * relays it to the other participants as a {@link RemotePresence} (same wire name,
 * {@code presence}), and may drop updates beyond its rate.
 *
 * @param selection the selected range, null for none
 */
public record Presence(String session, int cursor, Selection selection) implements ClientMessage {

  public Presence {
    Check.id("session", session);
    Check.nonNegative("cursor", cursor);
  }

  public Presence(String session, int cursor) {
    this(session, cursor, null);
  }

  @Override
  public MessageType type() {
    return MessageType.PRESENCE;
  }
}
