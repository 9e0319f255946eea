package io.switchboard.ws;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fan-out on a standalone node with several gateway instances (one per event loop), where a message reaches the
 * other instances in-process: subscribers on every loop, by topic and by pattern, see every message once and in
 * one order while publishers on different loops publish at once; a publisher's ack precedes its own delivery.
 */
@ExtendWith(VertxExtension.class)
class WsFanoutTest {

  private static final int INSTANCES = 3;
  private static final int PER_PUBLISHER = 60;
  private static int wsPort;
  private static Tokens tokens;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort()).put("ws.instances", INSTANCES);
    wsPort = config.getInteger("ws.port");
    tokens = new Tokens(vertx, TestNodes.SECRET);
    TestNodes.deploy(vertx, config).onComplete(ctx.succeedingThenComplete());
  }

  private static Future<WsClient> client(Vertx vertx, String user) {
    return WsClient.connect(vertx, wsPort, tokens.token(user, "user"), Encoding.JSON)
      .compose(c -> c.next("ready").map(r -> c));
  }

  private static Future<WsClient> subscribed(Vertx vertx, String user, String topic) {
    return client(vertx, user).compose(c -> c.send(new JsonObject().put("type", "subscribe").put("id", "s")
      .put("topic", topic)).compose(v -> c.next("subscribed")).map(s -> c));
  }

  private static JsonObject publish(String id, String topic, boolean ack) {
    return new JsonObject().put("type", "publish").put("id", id).put("topic", topic).put("payload", id).put("ack", ack);
  }

  /** Connections are spread over the instances in turn: opened one after another, they land on every loop. */
  @Test
  void subscribersOnEveryLoopSeeEveryMessageOnceInOneOrder(Vertx vertx, VertxTestContext ctx) {
    String topic = "public.fanout.order";
    List<Future<WsClient>> opened = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    List<WsClient> subscribers = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      String user = "sub" + i;
      chain = chain.compose(v -> subscribed(vertx, user, topic)).map(c -> {
        subscribers.add(c);
        return null;
      });
    }
    List<WsClient> all = new ArrayList<>();
    chain.compose(v -> subscribed(vertx, "pattern", "public.fanout.*")).compose(byPattern -> {
        all.addAll(subscribers);
        all.add(byPattern);
        return client(vertx, "pubA").compose(a -> client(vertx, "pubB").map(b -> List.of(a, b)));
      })
      .compose(publishers -> {
        for (int n = 0; n < PER_PUBLISHER; n++) {
          for (WsClient p : publishers) {
            p.send(publish(p.hashCode() + "-" + n, topic, false));
          }
        }
        List<Future<List<JsonObject>>> received = new ArrayList<>();
        for (WsClient c : all) {
          received.add(c.next("deliver", 2 * PER_PUBLISHER));
        }
        return Future.all(received).map(done -> {
          List<Long> expected = LongStream.rangeClosed(1, 2 * PER_PUBLISHER).boxed().toList();
          ctx.verify(() -> {
            for (int i = 0; i < all.size(); i++) {
              List<JsonObject> got = done.resultAt(i);
              assertEquals(expected, got.stream().map(m -> m.getLong("seq")).toList(), "subscriber " + i);
            }
          });
          return null;
        });
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aPublishersAckPrecedesItsOwnDelivery(Vertx vertx, VertxTestContext ctx) {
    String topic = "public.fanout.own";
    subscribed(vertx, "self", topic)
      .compose(c -> c.send(publish("p1", topic, true))
        .compose(v -> c.next("deliver"))
        .map(d -> {
          // next("deliver") took the delivery; what is left un-taken, in arrival order, must be the ack
          ctx.verify(() -> assertEquals(List.of("ack"), c.inbox().stream().map(m -> m.getString("type")).toList()));
          return null;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }
}
