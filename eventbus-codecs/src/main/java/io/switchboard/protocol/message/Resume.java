package io.switchboard.protocol.message;

import io.switchboard.protocol.topic.Topics;

/** Ask for the messages of an already subscribed topic after (epoch, seq), e.g. after a reconnect. */
public record Resume(String topic, String epoch, long seq) implements ClientMessage {

  public Resume {
    Topics.requireTopic("topic", Check.present("topic", topic));
    Check.text("epoch", epoch, Position.MAX_EPOCH_LENGTH);
    Check.seq("seq", seq);
  }

  public Position position() {
    return new Position(epoch, seq);
  }

  @Override
  public MessageType type() {
    return MessageType.RESUME;
  }
}
