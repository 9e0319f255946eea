package io.switchboard.protocol.message;

/** Leave a collaborative session. Reply: {@link Left}. */
public record Leave(String id, String session) implements ClientMessage {

  public Leave {
    Check.id("id", id);
    Check.id("session", session);
  }

  @Override
  public MessageType type() {
    return MessageType.LEAVE;
  }
}
