package io.switchboard.topic;

/**
 * An append refused at once because too many appends to its topic are already waiting on this node (the bounds of
 * {@link AppendQueue}), or given up because the cluster did not answer its call in time. The publisher may retry
 * with the same id: nothing was appended, or (a late answer) the retry is recognised as a duplicate. The WebSocket gateway answers it with the
 * retryable error {@code unavailable}.
 */
public final class TopicBusyException extends RuntimeException {

  TopicBusyException(String message) {
    super(message, null, false, false); // an expected refusal under overload: no stack trace to fill
  }
}
