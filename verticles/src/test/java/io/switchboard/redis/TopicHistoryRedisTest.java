package io.switchboard.redis;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.Poll;
import io.switchboard.support.RedisServer;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Topic history in Redis on a real node and a real redis-server, with an in-memory history of only 20 messages:
 * resumes older than memory served from Redis exactly, the numbering surviving a full restart, and no acknowledged
 * message missing from Redis after Redis was killed mid-publish and restarted; and without Redis, memory only as
 * before.
 */
@ExtendWith(VertxExtension.class)
class TopicHistoryRedisTest {

  private static final int MEMORY = 20;
  private RedisServer redis;
  private Vertx first;
  private Vertx second;

  @AfterEach
  void cleanUp(VertxTestContext ctx) {
    Future<Void> closed = Future.succeededFuture();
    for (Vertx v : new Vertx[]{first, second}) {
      if (v != null) {
        closed = closed.eventually(v::close);
      }
    }
    closed.onComplete(done -> {
      if (redis != null) {
        redis.stop();
      }
      ctx.completeNow();
    });
  }

  private JsonObject config(int httpPort) {
    return TestNodes.config(httpPort)
      .put(RedisSettings.URL, redis.url())
      .put(RedisSettings.TIMEOUT_MS, 500)
      .put(RedisSettings.BREAKER_MAX_FAILURES, 2)
      .put(RedisSettings.BREAKER_RESET_TIMEOUT_MS, 200)
      .put("topics.history.max-messages", MEMORY)
      .put("ws.rate-limit.publish-per-second", 10_000)
      .put("ws.rate-limit.publish-burst", 10_000)
      .put("ws.rate-limit.user-publish-per-second", 10_000);
  }

  @Test
  void resumeOlderThanMemoryIsServedFromRedisThenLive(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    JsonObject config = config(TestNodes.freePort());
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    String topic = "public.history";
    int total = 200;
    long[] resumeStart = new long[1];
    TestNodes.deploy(vertx, config)
      .compose(id -> publish(vertx, config, tokens, topic, 1, total))
      .compose(epoch -> RedisStore.find(vertx).flushed().map(epoch))
      .compose(epoch -> {
        ctx.verify(() -> assertEquals(total, archived(topic)));
        return client(vertx, config, tokens, "resumer").compose(c -> {
          resumeStart[0] = System.nanoTime();
          return resume(c, topic, epoch, 5)
            .compose(v -> c.next("deliver", total - 5))
            .compose(replayed -> {
              long ms = (System.nanoTime() - resumeStart[0]) / 1_000_000;
              System.out.printf("resume of %d messages (%d from Redis) took %d ms%n", total - 5, total - 5 - MEMORY, ms);
              ctx.verify(() -> {
                assertEquals(LongStream.rangeClosed(6, total).boxed().toList(), seqs(replayed));
                assertTrue(replayed.stream().allMatch(d -> epoch.equals(d.getString("epoch"))));
                assertTrue(c.inbox().stream().noneMatch(m -> "gap".equals(m.getString("type"))), c.inbox().toString());
              });
              return publish(vertx, config, tokens, topic, total + 1, 1);
            })
            .compose(v -> c.next("deliver"))
            .map(live -> {
              ctx.verify(() -> {
                assertEquals(total + 1, live.getLong("seq"));
                assertTrue(c.inbox().stream().noneMatch(m -> "deliver".equals(m.getString("type"))), "no duplicate");
              });
              return epoch;
            })
            .eventually(c::close);
        });
      })
      .compose(epoch -> new Rest(vertx, config.getInteger("http.port"))
        .get("/api/topics/" + topic + "/history?since=5&epoch=" + epoch + "&limit=1000", tokens.token("reader", "user"))
        .map(r -> {
          ctx.verify(() -> {
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonObject body = r.bodyAsJsonObject();
            assertNull(body.getValue("gap"), body.encode());
            assertEquals(LongStream.rangeClosed(6, total + 1).boxed().toList(), seqs(body.getJsonArray("messages").getList()));
          });
          return null;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aFullRestartKeepsTheEpochAndTheHistory(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    JsonObject config = config(TestNodes.freePort());
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    String topic = "public.restart";
    first = Vertx.vertx();
    second = Vertx.vertx();
    JsonObject config2 = config(TestNodes.freePort());
    String[] deployment = new String[1];
    TestNodes.deploy(first, config)
      .compose(id -> {
        deployment[0] = id;
        return publish(first, config, tokens, topic, 1, 50);
      })
      // Stopping the node (what SIGTERM does) stops its Hazelcast member, so the cluster's memory is gone; the Redis
      // store sends what is still buffered before it closes.
      .compose(epoch -> first.undeploy(deployment[0]).map(epoch))
      .compose(epoch -> TestNodes.deploy(second, config2).map(epoch))
      .compose(epoch -> client(second, config2, tokens, "resumer").compose(c ->
        resume(c, topic, epoch, 10)
          .compose(v -> c.next("subscribed"))
          .compose(subscribed -> {
            ctx.verify(() -> assertEquals(new JsonObject().put("epoch", epoch).put("seq", 50),
              subscribed.getJsonObject("position"), subscribed.encode()));
            return c.next("deliver", 40);
          })
          .compose(replayed -> {
            ctx.verify(() -> {
              assertEquals(LongStream.rangeClosed(11, 50).boxed().toList(), seqs(replayed));
              assertTrue(c.inbox().stream().noneMatch(m -> "gap".equals(m.getString("type"))), c.inbox().toString());
            });
            return publish(second, config2, tokens, topic, 51, 1);
          })
          .map(newEpoch -> {
            ctx.verify(() -> assertEquals(epoch, newEpoch, "the numbering continues in the same epoch"));
            return null;
          })
          .eventually(c::close)))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void redisKilledMidPublishLosesNoAcknowledgedMessage(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start(true); // append-only file: a restart keeps what Redis had acknowledged
    JsonObject config = config(TestNodes.freePort());
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    Rest rest = new Rest(vertx, config.getInteger("http.port"));
    String topic = "public.outage";
    long[] drainStart = new long[1];
    TestNodes.deploy(vertx, config)
      .compose(id -> publish(vertx, config, tokens, topic, 1, 30))
      .compose(epoch -> {
        redis.kill();
        return publish(vertx, config, tokens, topic, 31, 70).map(e -> {
          ctx.verify(() -> assertEquals(epoch, e, "live publishing goes on without Redis"));
          return epoch;
        });
      })
      .compose(epoch -> Poll.until(vertx, "health degraded", 100, 50, () -> rest.get("/api/health", null)
        .map(r -> "degraded".equals(r.bodyAsJsonObject().getString("status")))).map(epoch))
      .compose(epoch -> client(vertx, config, tokens, "early").compose(c ->
        // Redis is down: a resume older than memory gets the documented gap, at once, then what memory holds.
        resume(c, topic, epoch, 5)
          .compose(v -> c.next("gap"))
          .map(gap -> {
            ctx.verify(() -> {
              assertEquals("history_unavailable", gap.getString("reason"), gap.encode());
              assertEquals(100 - MEMORY, gap.getJsonObject("available").getLong("seq"));
            });
            return epoch;
          })
          .eventually(c::close)))
      .compose(epoch -> {
        redis.restart();
        drainStart[0] = System.nanoTime();
        return Poll.until(vertx, "health ok", 200, 50, () -> rest.get("/api/health", null)
          .map(r -> "ok".equals(r.bodyAsJsonObject().getString("status")))).map(epoch);
      })
      .compose(epoch -> {
        System.out.printf("buffered topic writes drained, health ok %d ms after Redis restarted%n",
          (System.nanoTime() - drainStart[0]) / 1_000_000);
        ctx.verify(() -> assertEquals(100, archived(topic), "every acknowledged message is in Redis"));
        return client(vertx, config, tokens, "late").compose(c ->
          resume(c, topic, epoch, 5)
            .compose(v -> c.next("deliver", 95))
            .map(replayed -> {
              ctx.verify(() -> {
                assertEquals(LongStream.rangeClosed(6, 100).boxed().toList(), seqs(replayed));
                assertTrue(c.inbox().stream().noneMatch(m -> "gap".equals(m.getString("type"))), c.inbox().toString());
              });
              return null;
            })
            .eventually(c::close));
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A resume far longer than the connection's outbound queue (40) goes out page by page, while more messages are
   * published: the client gets every one exactly once, in order, and nothing is dropped or skipped.
   */
  @Test
  void aResumeLongerThanTheOutboundQueueArrivesWholeAndInOrder(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    JsonObject config = config(TestNodes.freePort()).put("ws.outbound.max-messages", 40);
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    String topic = "public.long-resume";
    int before = 300;
    int during = 100;
    TestNodes.deploy(vertx, config)
      .compose(id -> publish(vertx, config, tokens, topic, 1, before))
      .compose(epoch -> RedisStore.find(vertx).flushed().map(epoch))
      .compose(epoch -> client(vertx, config, tokens, "resumer").compose(c -> resume(c, topic, epoch, 0)
        .compose(v -> publish(vertx, config, tokens, topic, before + 1, during))
        .compose(v -> c.next("deliver", before + during))
        .map(all -> {
          ctx.verify(() -> {
            assertEquals(LongStream.rangeClosed(1, before + during).boxed().toList(), seqs(all));
            assertTrue(c.inbox().stream().noneMatch(m -> "gap".equals(m.getString("type"))), c.inbox().toString());
          });
          return null;
        })
        .eventually(c::close)))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void withoutRedisHistoryComesFromMemoryAsBefore(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort()).put("topics.history.max-messages", MEMORY);
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    Rest rest = new Rest(vertx, config.getInteger("http.port"));
    String topic = "public.memory-only";
    TestNodes.deploy(vertx, config)
      .compose(id -> {
        ctx.verify(() -> assertNull(RedisStore.find(vertx), "no Redis store without redis.url"));
        return publish(vertx, config, tokens, topic, 1, 50);
      })
      .compose(epoch -> rest.get("/api/topics/" + topic + "/history?since=5&limit=1000", tokens.token("reader", "user")))
      .compose(r -> {
        JsonObject body = r.bodyAsJsonObject();
        ctx.verify(() -> {
          assertEquals("history_truncated", body.getJsonObject("gap").getString("reason"), body.encode());
          assertEquals(50 - MEMORY, body.getJsonObject("gap").getJsonObject("available").getLong("seq"));
          assertEquals(LongStream.rangeClosed(50 - MEMORY + 1, 50).boxed().toList(), seqs(body.getJsonArray("messages").getList()));
        });
        return rest.get("/api/health", null);
      })
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        JsonObject h = r.bodyAsJsonObject();
        assertEquals(200, r.statusCode());
        assertEquals("ok", h.getString("status"));
        assertEquals(new JsonObject().put("status", "disabled").put("reason", "not configured"),
          h.getJsonObject("dependencies").getJsonObject("redis"));
        ctx.completeNow();
      })));
  }

  /** Subscribes with a resume position: what was published after {@code seq} of {@code epoch} comes first. */
  private static Future<Void> resume(WsClient c, String topic, String epoch, long seq) {
    return c.send(new JsonObject().put("type", "subscribe").put("id", "s").put("topic", topic)
      .put("resume", new JsonObject().put("epoch", epoch).put("seq", seq)));
  }

  /** Messages Redis holds for the topic: the stream plus the stragglers' sorted set. */
  private long archived(String topic) {
    String base = "switchboard:topic:{" + topic + "}:";
    return redis.integer("XLEN", base + "log") + redis.integer("ZCARD", base + "late");
  }

  private static List<Long> seqs(List<?> delivers) {
    return delivers.stream().map(d -> d instanceof JsonObject j ? j : new JsonObject((java.util.Map<String, Object>) d))
      .map(d -> d.getLong("seq")).toList();
  }

  private static Future<WsClient> client(Vertx vertx, JsonObject config, Tokens tokens, String user) {
    return WsClient.connect(vertx, config.getInteger("ws.port"), tokens.token(user, "user"), Encoding.JSON)
      .compose(c -> c.next("ready").map(r -> c));
  }

  /** Publishes payloads first .. first+n-1 with acks; answers the epoch of the last ack. */
  private static Future<String> publish(Vertx vertx, JsonObject config, Tokens tokens, String topic, int first, int n) {
    return client(vertx, config, tokens, "publisher").compose(c -> {
      JsonArray batch = new JsonArray();
      for (int i = first; i < first + n; i++) {
        batch.add(new JsonObject().put("type", "publish").put("id", "p" + i).put("topic", topic).put("payload", i)
          .put("ack", true));
      }
      Future<Void> sent = Future.succeededFuture();
      for (int i = 0; i < batch.size(); i++) {
        JsonObject m = batch.getJsonObject(i);
        sent = sent.compose(v -> c.send(m));
      }
      return sent.compose(v -> c.next("ack", n))
        .map(acks -> acks.get(acks.size() - 1).getString("epoch"))
        .eventually(c::close);
    });
  }
}
