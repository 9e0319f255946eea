package io.switchboard.redis;

import io.switchboard.support.Poll;
import io.switchboard.support.RedisServer;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write-behind buffer and health through a Redis outage, on a real node and a real redis-server: Redis killed
 * while writes flow, writes kept (up to the bound, the rest counted), health degraded with a reason; Redis back,
 * the buffer drains into it (checked with a separate plain client) and health returns to ok, without a restart.
 */
@ExtendWith(VertxExtension.class)
class RedisOutageTest {

  private static final int BOUND = 50;
  private RedisServer redis;

  @AfterEach
  void stopRedis() {
    if (redis != null) {
      redis.stop();
    }
  }

  /**
   * Issue 16: with no traffic, health said ok for more than 60 s after redis-server was killed (it changed only when
   * a write failed). The probe's PING finds out within a few seconds, and finds Redis back.
   */
  @Test
  void anIdleNodeSeesRedisGoAndComeBack(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    int port = TestNodes.freePort();
    JsonObject config = TestNodes.config(port)
      .put(RedisSettings.URL, redis.url())
      .put(RedisSettings.TIMEOUT_MS, 500)
      .put(RedisVerticle.PROBE_INTERVAL_MS, 300)
      .put(RedisSettings.BREAKER_RESET_TIMEOUT_MS, 200);
    Rest rest = new Rest(vertx, port);
    TestNodes.deploy(vertx, config)
      .compose(id -> Poll.until(vertx, "health ok", 100, 50, () -> health(rest).map(h -> "ok".equals(h.getString("status")))))
      .compose(v -> {
        redis.kill();
        // 5 s at most: a few probe intervals
        return Poll.until(vertx, "health degraded with no traffic", 50, 100, () -> health(rest).map(h ->
          "degraded".equals(h.getString("status"))));
      })
      .compose(v -> health(rest))
      .compose(h -> {
        JsonObject r = h.getJsonObject("dependencies").getJsonObject("redis");
        ctx.verify(() -> assertTrue(r.getString("reason", "").contains("PING")
          || r.getString("reason", "").contains("circuit breaker"), r.encode()));
        redis.restart();
        return Poll.until(vertx, "health ok again with no traffic", 100, 100, () -> health(rest).map(x ->
          "ok".equals(x.getString("status"))));
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void writesAreBufferedWhileRedisIsDownAndDrainedWhenItReturns(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    int port = TestNodes.freePort();
    JsonObject config = TestNodes.config(port)
      .put(RedisSettings.URL, redis.url())
      .put(RedisSettings.TIMEOUT_MS, 500)
      .put(RedisSettings.BREAKER_MAX_FAILURES, 2)
      .put(RedisSettings.BREAKER_RESET_TIMEOUT_MS, 200)
      .put(RedisSettings.BUFFER_MAX_WRITES, BOUND);
    Rest rest = new Rest(vertx, port);
    int before = 20;
    int during = BOUND + 30; // 30 more than the buffer holds
    long[] drainStart = new long[1];
    TestNodes.deploy(vertx, config)
      .compose(id -> health(rest))
      .compose(h -> {
        ctx.verify(() -> assertEquals("ok", h.getString("status"), h.encode()));
        RedisStore store = RedisStore.find(vertx);
        for (int i = 0; i < before; i++) {
          store.enqueue(write(store, i));
        }
        return store.flushed();
      })
      .compose(v -> {
        ctx.verify(() -> assertEquals(before, redis.integer("HLEN", "switchboard:outage-test")));
        redis.kill();
        RedisStore store = RedisStore.find(vertx);
        for (int i = before; i < before + during; i++) {
          store.enqueue(write(store, i));
        }
        return Poll.until(vertx, "health degraded", 100, 50, () -> health(rest).map(h ->
          "degraded".equals(h.getString("status"))
            && h.getJsonObject("dependencies").getJsonObject("redis").getString("breaker").equals("open")));
      })
      .compose(v -> health(rest))
      .compose(h -> {
        JsonObject r = h.getJsonObject("dependencies").getJsonObject("redis");
        ctx.verify(() -> {
          assertEquals("degraded", r.getString("status"), r.encode());
          assertTrue(r.getString("reason").contains("circuit breaker open"), r.encode());
          assertEquals(BOUND, r.getLong("bufferedWrites"), r.encode());
          assertEquals(30, r.getLong("droppedWrites"), r.encode());
        });
        return rest.get("/metrics", null).map(m -> {
          ctx.verify(() -> assertTrue(m.bodyAsString().contains("switchboard_redis_buffer_overflow_total 30.0"),
            "overflow counter"));
          return null;
        });
      })
      .compose(v -> {
        redis.restart();
        drainStart[0] = System.nanoTime();
        return Poll.until(vertx, "health ok again", 200, 50, () -> health(rest).map(h -> "ok".equals(h.getString("status"))));
      })
      .compose(v -> health(rest))
      .onComplete(ctx.succeeding(h -> ctx.verify(() -> {
        System.out.printf("buffer of %d writes drained and health ok %d ms after Redis restarted%n", BOUND,
          (System.nanoTime() - drainStart[0]) / 1_000_000);
        JsonObject r = h.getJsonObject("dependencies").getJsonObject("redis");
        assertEquals(0, r.getLong("bufferedWrites"), r.encode());
        // Redis restarted empty (no persistence): exactly the buffered writes are there, the dropped ones are not.
        assertEquals(BOUND, redis.integer("HLEN", "switchboard:outage-test"));
        assertEquals("" + before, redis.command("HGET", "switchboard:outage-test", "f" + before));
        assertEquals("$-1", redis.command("HGET", "switchboard:outage-test", "f" + (before + BOUND)));
        ctx.completeNow();
      })));
  }

  private static RedisWrite write(RedisStore store, int i) {
    return RedisWrite.of(16, Request.cmd(Command.HSET).arg(store.key("outage-test")).arg("f" + i).arg(Integer.toString(i)));
  }

  private static Future<JsonObject> health(Rest rest) {
    return rest.get("/api/health", null).map(r -> r.bodyAsJsonObject());
  }
}
