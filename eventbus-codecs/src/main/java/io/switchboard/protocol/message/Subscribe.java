package io.switchboard.protocol.message;

import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.filter.Filter;
import io.switchboard.protocol.topic.Topics;

/**
 * Subscribe to a topic or pattern ({@code chat.*}, {@code chat.>}).
 *
 * @param filter optional server-side filter on delivered payloads, null for none
 * @param resume optional position to resume from (only for a concrete topic), null for live only
 */
public record Subscribe(String id, String topic, Filter filter, Position resume) implements ClientMessage {

  public Subscribe {
    Check.id("id", id);
    Topics.requirePattern("topic", Check.present("topic", topic));
    if (resume != null && Topics.isPattern(topic)) {
      throw ProtocolException.invalid("resume", "resume needs a concrete topic, not a pattern");
    }
  }

  public Subscribe(String id, String topic) {
    this(id, topic, null, null);
  }

  @Override
  public MessageType type() {
    return MessageType.SUBSCRIBE;
  }
}
