package io.switchboard.topic;

/**
 * An append refused at once because too many appends to its topic are already waiting on this node (the bounds of
 * {@link AppendQueue}). Nothing was appended; the publisher may retry. The WebSocket gateway answers it with the
 * retryable error {@code unavailable}.
 */
public final class TopicBusyException extends RuntimeException {

  TopicBusyException(String message) {
    super(message, null, false, false); // an expected refusal under overload: no stack trace to fill
  }
}
