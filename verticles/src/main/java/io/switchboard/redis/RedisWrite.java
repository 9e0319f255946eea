package io.switchboard.redis;

import io.vertx.redis.client.Request;

import io.vertx.redis.client.Response;

import java.util.List;
import java.util.function.Consumer;

/**
 * One write for the write-behind buffer: commands sent together, in order, after every write enqueued before it.
 * <p>
 * Must be idempotent: a write whose reply was lost (timeout, connection dropped) is sent again, so applying it twice
 * must leave Redis as applying it once (e.g. XADD with an explicit id through a script that ignores an existing id).
 *
 * @param commands what to send
 * @param bytes    an estimate of its size (payload bytes plus keys), for the buffer's byte bound
 * @param onReply  given Redis's reply to the last command once it was applied (on the store's context), or null;
 *                 for writers that must account for what a script did (e.g. count the entries it trimmed)
 */
public record RedisWrite(List<Request> commands, int bytes, Consumer<Response> onReply) {

  public RedisWrite {
    commands = List.copyOf(commands);
    if (commands.isEmpty() || bytes < 0) {
      throw new IllegalArgumentException("a write needs at least one command and a size");
    }
  }

  public RedisWrite(List<Request> commands, int bytes) {
    this(commands, bytes, null);
  }

  public static RedisWrite of(int bytes, Request... commands) {
    return new RedisWrite(List.of(commands), bytes);
  }
}
