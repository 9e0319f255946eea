package io.switchboard.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes not yet acknowledged by Redis, oldest first, bounded in count and bytes. Plain Java, confined to the
 * store's context. A write that does not fit is refused (the caller counts and logs it): refusing the newest keeps
 * what is buffered a contiguous prefix of what was written, which readers can tell from a hole (docs/durability.md).
 */
final class WriteBuffer {

  private final ArrayDeque<RedisWrite> writes = new ArrayDeque<>();
  private final int maxWrites;
  private final long maxBytes;
  private long bytes;

  WriteBuffer(int maxWrites, long maxBytes) {
    this.maxWrites = maxWrites;
    this.maxBytes = maxBytes;
  }

  /** False when the write does not fit (then nothing changes). */
  boolean offer(RedisWrite write) {
    if (writes.size() >= maxWrites || bytes + write.bytes() > maxBytes) {
      return false;
    }
    writes.addLast(write);
    bytes += write.bytes();
    return true;
  }

  /** The oldest writes, up to {@code max} of them, still buffered (removed by {@link #remove} once sent). */
  List<RedisWrite> peek(int max) {
    List<RedisWrite> out = new ArrayList<>(Math.min(max, writes.size()));
    for (RedisWrite w : writes) {
      if (out.size() == max) {
        break;
      }
      out.add(w);
    }
    return out;
  }

  /** Removes the {@code count} oldest writes (those just acknowledged). */
  void remove(int count) {
    for (int i = 0; i < count && !writes.isEmpty(); i++) {
      bytes -= writes.pollFirst().bytes();
    }
  }

  int size() {
    return writes.size();
  }

  long bytes() {
    return bytes;
  }

  boolean isEmpty() {
    return writes.isEmpty();
  }
}
