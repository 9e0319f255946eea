package io.switchboard.redis;

import io.switchboard.support.RedisServer;
import io.switchboard.topic.TopicArchive;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Redis topic archive's write rules against a real redis-server: nodes archive concurrently and a batch is resent
 * after Redis comes back, so writes arrive out of order and twice; every seq must be kept exactly once and read back
 * in order, including those that arrive below the stream's head.
 */
@ExtendWith(VertxExtension.class)
class TopicArchiveRedisTest {

  private final RedisServer redis = RedisServer.start();

  @AfterEach
  void stopRedis() {
    redis.stop();
  }

  @Test
  void writesOutOfOrderAndTwiceAreKeptOnceEachAndReadInOrder(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(new RedisVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put(RedisSettings.URL, redis.url())
        .put("topics.redis.retention", new io.vertx.core.json.JsonArray().add(new JsonObject()
          .put("pattern", ">").put("max-messages", 1000).put("max-age-seconds", 3600)))))
      .compose(deployment -> {
        TopicArchive archive = TopicArchive.find(vertx);
        long now = System.currentTimeMillis();
        // seq 2 reaches Redis before seq 1 (another event loop, another node), then 4, 3, and 1 and 2 again (a resent
        // batch): below the head, all of them must stay
        for (long seq : new long[]{2, 1, 4, 3, 1, 2, 5}) {
          archive.append("public.order", "e1", seq, now + seq, ("m" + seq).getBytes(StandardCharsets.UTF_8));
        }
        return RedisStore.find(vertx).flushed()
          .compose(v -> archive.read("public.order", "e1", 0, 5, 100))
          .map(entries -> {
            ctx.verify(() -> {
              assertEquals(List.of(1L, 2L, 3L, 4L, 5L), entries.stream().map(TopicArchive.Entry::seq).toList());
              assertEquals(List.of("m1", "m2", "m3", "m4", "m5"),
                entries.stream().map(e -> new String(e.frame(), StandardCharsets.UTF_8)).toList());
            });
            return null;
          })
          .compose(v -> vertx.undeploy(deployment));
      })
      .onComplete(ctx.succeedingThenComplete());
  }
}
