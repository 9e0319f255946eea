package io.switchboard.protocol.message;

import io.switchboard.protocol.topic.Topics;

/** The subscription is gone; {@code id} is the client's unsubscribe id. */
public record Unsubscribed(String id, String topic) implements ServerMessage {

  public Unsubscribed {
    Check.id("id", id);
    Topics.requirePattern("topic", Check.present("topic", topic));
  }

  @Override
  public MessageType type() {
    return MessageType.UNSUBSCRIBED;
  }
}
