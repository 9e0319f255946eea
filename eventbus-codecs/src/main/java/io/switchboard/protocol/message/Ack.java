package io.switchboard.protocol.message;

import io.switchboard.protocol.topic.Topics;

/**
 * A publish was accepted and numbered.
 *
 * @param id the client's publish id
 * @param duplicate the server had already accepted a publish with this id; (epoch, seq) are
 *     those of the first one and nothing was delivered again
 */
public record Ack(String id, String topic, String epoch, long seq, boolean duplicate) implements ServerMessage {

  public Ack {
    Check.id("id", id);
    Topics.requireTopic("topic", Check.present("topic", topic));
    Check.text("epoch", epoch, Position.MAX_EPOCH_LENGTH);
    Check.seq("seq", seq);
  }

  @Override
  public MessageType type() {
    return MessageType.ACK;
  }
}
