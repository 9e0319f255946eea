package io.switchboard.protocol.message;

/**
 * The client's edit was applied.
 *
 * @param id the client's edit id
 * @param revision the revision the edit produced
 */
public record EditAck(String id, String session, long revision) implements ServerMessage {

  public EditAck {
    Check.id("id", id);
    Check.id("session", session);
    Check.revision("revision", revision);
  }

  @Override
  public MessageType type() {
    return MessageType.EDIT_ACK;
  }
}
