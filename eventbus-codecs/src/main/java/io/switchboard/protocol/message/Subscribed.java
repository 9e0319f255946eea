package io.switchboard.protocol.message;

import io.switchboard.protocol.topic.Topics;

/**
 * The subscription with the client's {@code id} is active.
 *
 * @param position the topic's current position (null for patterns): keep it to resume later
 */
public record Subscribed(String id, String topic, Position position) implements ServerMessage {

  public Subscribed {
    Check.id("id", id);
    Topics.requirePattern("topic", Check.present("topic", topic));
  }

  @Override
  public MessageType type() {
    return MessageType.SUBSCRIBED;
  }
}
