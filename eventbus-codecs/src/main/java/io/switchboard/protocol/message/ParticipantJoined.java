package io.switchboard.protocol.message;

/** A connection joined the session. */
public record ParticipantJoined(String session, String user, String connectionId) implements ServerMessage {

  public ParticipantJoined {
    Check.id("session", session);
    Check.user("user", user);
    Check.id("connectionId", connectionId);
  }

  @Override
  public MessageType type() {
    return MessageType.PARTICIPANT_JOINED;
  }
}
