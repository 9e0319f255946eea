package io.switchboard.protocol.message;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.topic.Topics;
import java.util.List;

/**
 * Publish a payload to one concrete topic.
 *
 * @param id client message id: echoed in {@code ack}, and the key for duplicate detection
 * @param payload any JSON value (JsonObject, JsonArray, String, Long/BigInteger, Double, Boolean, null)
 * @param priority 0 (highest) .. 4 (lowest), default 2
 * @param ack whether the client wants an {@code ack}
 * @param e2e payload is an end-to-end-encrypted string the server never parses or filters
 * @param mentions users the message is also addressed to (their offline inbox); empty when none, at most
 *     {@link Protocol#MAX_MENTIONS}
 */
public record Publish(String id, String topic, Object payload, int priority, boolean ack, boolean e2e,
                      List<String> mentions) implements ClientMessage {

  public Publish {
    Check.id("id", id);
    Topics.requireTopic("topic", Check.present("topic", topic));
    if (priority < Protocol.HIGHEST_PRIORITY || priority > Protocol.LOWEST_PRIORITY) {
      throw ProtocolException.invalid("priority", "must be 0 (highest) to 4 (lowest), was " + priority);
    }
    Check.e2ePayload(e2e, payload);
    mentions = mentions == null ? List.of() : List.copyOf(mentions);
    if (mentions.size() > Protocol.MAX_MENTIONS) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, "mentions",
          mentions.size() + " mentions exceed the limit of " + Protocol.MAX_MENTIONS);
    }
    for (int i = 0; i < mentions.size(); i++) {
      Check.user("mentions[" + i + "]", mentions.get(i));
    }
  }

  /** Without mentions. */
  public Publish(String id, String topic, Object payload, int priority, boolean ack, boolean e2e) {
    this(id, topic, payload, priority, ack, e2e, List.of());
  }

  /** A plain publish with default priority, no ack requested, not end-to-end encrypted. */
  public Publish(String id, String topic, Object payload) {
    this(id, topic, payload, Protocol.DEFAULT_PRIORITY, false, false);
  }

  @Override
  public MessageType type() {
    return MessageType.PUBLISH;
  }
}
