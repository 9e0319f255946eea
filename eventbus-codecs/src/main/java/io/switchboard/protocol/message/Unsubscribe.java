package io.switchboard.protocol.message;

import io.switchboard.protocol.topic.Topics;

/** Drop the subscription made with the same topic or pattern. */
public record Unsubscribe(String id, String topic) implements ClientMessage {

  public Unsubscribe {
    Check.id("id", id);
    Topics.requirePattern("topic", Check.present("topic", topic));
  }

  @Override
  public MessageType type() {
    return MessageType.UNSUBSCRIBE;
  }
}
