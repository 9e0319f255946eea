package io.switchboard.ws;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits on what a client sends: publish rates and frame size. */
@ExtendWith(VertxExtension.class)
class WsProtectionTest {

  private static int wsPort;
  private static Tokens tokens;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort())
      .put("ws.max-frame-bytes", 4096)
      .put("ws.rate-limit.publish-per-second", 1).put("ws.rate-limit.publish-burst", 2)
      .put("ws.rate-limit.close-after-rejections", 3)
      .put("ws.rate-limit.user-publish-per-second", 100_000);
    wsPort = config.getInteger("ws.port");
    tokens = new Tokens(vertx, TestNodes.SECRET);
    TestNodes.deploy(vertx, config).onComplete(ctx.succeedingThenComplete());
  }

  private static JsonObject publish(String id, String topic, Object payload) {
    return new JsonObject().put("type", "publish").put("id", id).put("topic", topic).put("payload", payload).put("ack", true);
  }

  @Test
  void rateLimitIsAnErrorFirstThenClose1008(Vertx vertx, VertxTestContext ctx) {
    WsClient.connect(vertx, wsPort, tokens.token("flooder", "user"), Encoding.JSON).compose(c -> c.next("ready")
      .compose(v -> c.send(publish("1", "public.rl", 1))).compose(v -> c.send(publish("2", "public.rl", 2)))
      .compose(v -> c.next("ack", 2))
      .compose(v -> c.send(publish("3", "public.rl", 3)))
      .compose(v -> c.next("error"))
      .compose(e -> {
        ctx.verify(() -> {
          assertEquals("rate_limited", e.getString("code"));
          assertEquals("3", e.getString("ref"));
          assertTrue(e.getBoolean("retryable"));
        });
        return c.send(publish("4", "public.rl", 4)).compose(v -> c.send(publish("5", "public.rl", 5)))
          .compose(v -> c.send(publish("6", "public.rl", 6)));
      })
      .compose(v -> c.closed())
      .map(code -> {
        ctx.verify(() -> {
          assertEquals((short) 1008, code);
          assertEquals("rate limit exceeded repeatedly", c.closeReason());
        });
        return null;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void oversizedFrameIsClosedWith1009(Vertx vertx, VertxTestContext ctx) {
    WsClient.connect(vertx, wsPort, tokens.token("bigmouth", "user"), Encoding.JSON).compose(c -> c.next("ready")
      .compose(v -> c.send(publish("big", "public.big", "x".repeat(5000))))
      .compose(v -> c.closed())
      .map(code -> {
        ctx.verify(() -> {
          assertEquals((short) 1009, code);
          assertTrue(c.closeReason().startsWith("message of 50"), c.closeReason());
          assertTrue(c.closeReason().endsWith("exceeds the limit of 4096 bytes"), c.closeReason());
        });
        return null;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

}
