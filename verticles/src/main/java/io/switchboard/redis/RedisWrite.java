package io.switchboard.redis;

import io.vertx.redis.client.Request;

import java.util.List;

/**
 * One write for the write-behind buffer: commands sent together, in order, after every write enqueued before it.
 * <p>
 * Must be idempotent: a write whose reply was lost (timeout, connection dropped) is sent again, so applying it twice
 * must leave Redis as applying it once (e.g. XADD with an explicit id through a script that ignores an existing id).
 *
 * @param commands what to send
 * @param bytes    an estimate of its size (payload bytes plus keys), for the buffer's byte bound
 */
public record RedisWrite(List<Request> commands, int bytes) {

  public RedisWrite {
    commands = List.copyOf(commands);
    if (commands.isEmpty() || bytes < 0) {
      throw new IllegalArgumentException("a write needs at least one command and a size");
    }
  }

  public static RedisWrite of(int bytes, Request... commands) {
    return new RedisWrite(List.of(commands), bytes);
  }
}
