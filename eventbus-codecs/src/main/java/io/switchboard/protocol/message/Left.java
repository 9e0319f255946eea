package io.switchboard.protocol.message;

/** The client left the session ({@code id} of its {@code leave}). */
public record Left(String id, String session) implements ServerMessage {

  public Left {
    Check.id("id", id);
    Check.id("session", session);
  }

  @Override
  public MessageType type() {
    return MessageType.LEFT;
  }
}
