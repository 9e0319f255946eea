package io.switchboard.ws;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A consumer that stops reading cannot make the node hold more than its outbound bound for it. */
@ExtendWith(VertxExtension.class)
class WsSlowConsumerTest {

  private static final int QUEUE_MAX = 100;
  private static int wsPort;
  private static Rest rest;
  private static Tokens tokens;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort())
      .put("ws.rate-limit.publish-per-second", 100_000).put("ws.rate-limit.publish-burst", 100_000)
      .put("ws.rate-limit.user-publish-per-second", 100_000)
      .put("ws.outbound.max-messages", QUEUE_MAX).put("ws.outbound.max-bytes", 256 * 1024)
      .put("ws.outbound.slow-consumer-ms", 1000);
    wsPort = config.getInteger("ws.port");
    rest = new Rest(vertx, config.getInteger("http.port"));
    tokens = new Tokens(vertx, TestNodes.SECRET);
    TestNodes.deploy(vertx, config).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A subscriber that never reads while a publisher floods it: the node keeps at most {@value QUEUE_MAX}
   * messages for it, drops the rest (counted), and closes it with 1013 once it has been backlogged for the
   * configured time. The publisher is unaffected.
   */
  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void aConsumerThatNeverReadsIsClosedWith1013AndMemoryStaysBounded(Vertx vertx, VertxTestContext ctx) {
    String topic = "public.flood";
    String payload = "y".repeat(3000);
    JsonObject claims = Tokens.claims("stuck", "admin");
    WsClient.connect(vertx, wsPort, tokens.sign(claims, "HS256"), Encoding.JSON).compose(stuck -> stuck.next("ready")
      .compose(v -> stuck.send(new JsonObject().put("type", "subscribe").put("id", "s").put("topic", topic)))
      .compose(v -> stuck.next("subscribed"))
      .compose(v -> {
        stuck.socket().pause(); // stop reading: TCP backpressure reaches the server
        return WsClient.connect(vertx, wsPort, tokens.token("firehose", "admin"), Encoding.JSON);
      })
      .compose(pub -> pub.next("ready").compose(v -> flood(vertx, pub, topic, payload, 0, 8000)).map(pub))
      .compose(pub -> awaitMetric(vertx, "switchboard_ws_closes_total{reason=\"slow_consumer\"}", 100).map(pub))
      .compose(pub -> {
        stuck.socket().resume();
        return stuck.closed().map(code -> {
          ctx.verify(() -> {
            assertEquals((short) 1013, code);
            Matcher m = Pattern.compile("slow consumer: (\\d+) messages pending").matcher(stuck.closeReason());
            assertTrue(m.find(), stuck.closeReason());
            assertTrue(Integer.parseInt(m.group(1)) <= QUEUE_MAX, stuck.closeReason());
          });
          return pub;
        });
      })
      .compose(pub -> rest.get("/metrics", null).map(metrics -> {
        // the series exist from the start at zero: some priority must have counted drops
        ctx.verify(() -> assertTrue(metrics.bodyAsString().lines().anyMatch(l -> l.startsWith("switchboard_ws_dropped_total{")
          && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0), "drops are counted"));
        return pub;
      }))
      .compose(pub -> pub.send(new JsonObject().put("type", "ping").put("ts", 1)).compose(v -> pub.next("pong")).compose(v -> pub.close())))
      .onComplete(ctx.succeedingThenComplete());
  }

  /** Publishes without waiting for acks. */
  private static Future<Void> flood(Vertx vertx, WsClient pub, String topic, String payload, int from, int to) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = from; i < to; i++) {
      int n = i;
      chain = chain.compose(v -> pub.send(new JsonObject().put("type", "publish").put("id", "f" + n).put("topic", topic)
        .put("payload", payload).put("priority", n % 5)));
    }
    return chain;
  }

  /** Until the series counts at least one (it exists from the start, at zero). */
  private static Future<Void> awaitMetric(Vertx vertx, String line, int tries) {
    return rest.get("/metrics", null).compose(r -> {
      boolean counted = r.bodyAsString().lines().anyMatch(l -> l.startsWith(line + " ")
        && Double.parseDouble(l.substring(line.length() + 1).trim()) >= 1);
      if (counted || tries <= 0) {
        return counted ? Future.succeededFuture() : Future.failedFuture("never saw " + line + " above 0");
      }
      return Future.<Void>future(p -> vertx.setTimer(200, t -> p.complete())).compose(v -> awaitMetric(vertx, line, tries - 1));
    });
  }
}
