package io.switchboard.protocol.message;

import io.switchboard.protocol.ProtocolException;
import java.util.List;

/**
 * Several messages in one frame, processed in order. Either direction; a batch never contains
 * another batch. The decoders additionally check that a client batch only holds client
 * messages and a server batch only server messages.
 */
public record Batch(List<Message> messages) implements ClientMessage, ServerMessage {

  public Batch {
    Check.present("messages", messages);
    if (messages.isEmpty()) {
      throw ProtocolException.invalid("messages", "a batch must not be empty");
    }
    messages = List.copyOf(messages);
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) instanceof Batch) {
        throw ProtocolException.invalid("messages[" + i + "].type", "a batch must not contain a batch");
      }
    }
  }

  @Override
  public MessageType type() {
    return MessageType.BATCH;
  }
}
