package io.switchboard.protocol.message;

/** Application-level keepalive; {@code ts} is the client's clock, echoed in {@code pong}. */
public record Ping(long ts) implements ClientMessage {

  @Override
  public MessageType type() {
    return MessageType.PING;
  }
}
