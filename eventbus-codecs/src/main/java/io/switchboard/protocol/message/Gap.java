package io.switchboard.protocol.message;

import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.topic.Topics;

/**
 * A resume could not be served completely: messages between {@code requested} and
 * {@code available} are lost to this client. Delivery continues from {@code available}.
 *
 * @param reason {@link #EPOCH_CHANGED}, {@link #TRUNCATED} or {@link #UNAVAILABLE} (clients treat unknown reasons as lost history)
 */
public record Gap(String topic, Position requested, Position available, String reason) implements ServerMessage {

  /** The topic's numbering started over (e.g. restart without durable storage). */
  public static final String EPOCH_CHANGED = "epoch_changed";
  /** The requested messages fell out of the retained history. */
  public static final String TRUNCATED = "history_truncated";
  /**
   * The requested messages are older than the in-memory history and the durable store (Redis) could not be asked
   * (down or its circuit breaker open); they may still exist there. Clients treat it like {@link #TRUNCATED}.
   */
  public static final String UNAVAILABLE = "history_unavailable";

  public Gap {
    Topics.requireTopic("topic", Check.present("topic", topic));
    Check.present("requested", requested);
    Check.present("available", available);
    Check.text("reason", reason, 64);
    if (reason.isBlank()) {
      throw ProtocolException.invalid("reason", "must not be blank");
    }
  }

  @Override
  public MessageType type() {
    return MessageType.GAP;
  }
}
