package io.switchboard.ws;

import io.switchboard.protocol.Protocol;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;

/**
 * What a connection still has to write when its socket cannot keep up, one FIFO per priority (0 highest).
 * Bounded in messages and bytes: when full, the oldest message of the lowest priority present that is not
 * above the newcomer's is dropped to make room; if the newcomer itself is the lowest, it is dropped. Drops are
 * counted per priority. Not thread-safe: used on its connection's event loop only.
 */
final class OutboundQueue {

  /**
   * A frame to write: its bytes (JSON text when {@code text}, else MsgPack), its size, priority, the publish time of the
   * message it delivers (0 for replies) and its message type, for metrics.
   */
  record Frame(Buffer data, boolean text, int bytes, int priority, long publishedAt, String type) {
  }

  interface DropListener {
    void dropped(int priority);
  }

  /**
   * One deque per priority, made when a frame of that priority first has to wait: a connection that keeps up writes
   * straight to its socket and never queues, and five empty deques were ~560 bytes of every idle connection's heap.
   */
  private final ArrayDeque<Frame>[] queues;
  private final int maxMessages;
  private final long maxBytes;
  private final DropListener onDrop;
  private int count;
  private long bytes;
  private long nonEmptySince = -1;

  @SuppressWarnings("unchecked")
  OutboundQueue(int maxMessages, long maxBytes, DropListener onDrop) {
    this.queues = new ArrayDeque[Protocol.LOWEST_PRIORITY + 1];
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.onDrop = onDrop;
  }

  /** Queues a frame, dropping lower-priority ones (or this one) to stay within bounds. */
  void offer(Frame frame, long nowMillis) {
    while (count > 0 && (count + 1 > maxMessages || bytes + frame.bytes() > maxBytes)) {
      int victim = lowestNonEmpty();
      if (victim < frame.priority()) {
        onDrop.dropped(frame.priority());
        return;
      }
      Frame dropped = queues[victim].pollFirst();
      count--;
      bytes -= dropped.bytes();
      onDrop.dropped(victim);
    }
    if (count == 0) {
      nonEmptySince = nowMillis;
    }
    ArrayDeque<Frame> q = queues[frame.priority()];
    if (q == null) {
      queues[frame.priority()] = q = new ArrayDeque<>();
    }
    q.addLast(frame);
    count++;
    bytes += frame.bytes();
  }

  /** The next frame to write, highest priority first; null when empty. */
  Frame poll() {
    if (count == 0) {
      return null;
    }
    for (ArrayDeque<Frame> q : queues) {
      Frame f = q == null ? null : q.pollFirst();
      if (f != null) {
        count--;
        bytes -= f.bytes();
        if (count == 0) {
          nonEmptySince = -1;
        }
        return f;
      }
    }
    return null;
  }

  boolean isEmpty() {
    return count == 0;
  }

  int size() {
    return count;
  }

  long bytes() {
    return bytes;
  }

  /** How long the queue has held messages without ever emptying, or 0. */
  long backloggedMillis(long nowMillis) {
    return nonEmptySince < 0 ? 0 : nowMillis - nonEmptySince;
  }

  private int lowestNonEmpty() {
    for (int p = queues.length - 1; p >= 0; p--) {
      if (queues[p] != null && !queues[p].isEmpty()) {
        return p;
      }
    }
    return -1;
  }
}
