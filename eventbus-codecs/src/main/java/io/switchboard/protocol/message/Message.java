package io.switchboard.protocol.message;

/**
 * Every message of the WebSocket protocol. Implementations are immutable records; their
 * constructors validate values (ranges, topic syntax) and throw
 * {@link io.switchboard.protocol.ProtocolException}, so an instance is always well-formed.
 */
public sealed interface Message permits ClientMessage, ServerMessage {

  MessageType type();
}
