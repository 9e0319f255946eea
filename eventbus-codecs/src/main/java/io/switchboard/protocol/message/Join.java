package io.switchboard.protocol.message;

/**
 * Join a collaborative session's document. Reply: {@link Joined} (text, revision, participants).
 *
 * @param session the session id (1..128 characters, no control characters)
 */
public record Join(String id, String session) implements ClientMessage {

  public Join {
    Check.id("id", id);
    Check.id("session", session);
  }

  @Override
  public MessageType type() {
    return MessageType.JOIN;
  }
}
