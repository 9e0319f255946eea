package io.switchboard.protocol.message;

/** A connection left the session (or was disconnected). */
public record ParticipantLeft(String session, String user, String connectionId) implements ServerMessage {

  public ParticipantLeft {
    Check.id("session", session);
    Check.user("user", user);
    Check.id("connectionId", connectionId);
  }

  @Override
  public MessageType type() {
    return MessageType.PARTICIPANT_LEFT;
  }
}
