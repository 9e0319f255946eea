package io.switchboard.protocol.message;

/**
 * A participant's cursor (and selection), relayed by the server. Wire name {@code presence}, like
 * the client's {@link Presence}; this server form also names the {@code user} and
 * {@code connectionId} it comes from.
 *
 * @param selection the selected range, null for none
 */
public record RemotePresence(String session, String user, String connectionId, int cursor, Selection selection)
    implements ServerMessage {

  public RemotePresence {
    Check.id("session", session);
    Check.user("user", user);
    Check.id("connectionId", connectionId);
    Check.nonNegative("cursor", cursor);
  }

  @Override
  public MessageType type() {
    return MessageType.REMOTE_PRESENCE;
  }
}
