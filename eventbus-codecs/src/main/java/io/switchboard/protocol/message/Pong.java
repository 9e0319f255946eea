package io.switchboard.protocol.message;

/** Reply to {@code ping}: the client's {@code ts} unchanged plus the server clock. */
public record Pong(long ts, long serverTime) implements ServerMessage {

  @Override
  public MessageType type() {
    return MessageType.PONG;
  }
}
