package io.switchboard.ws;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Three clustered nodes: publishers on A and B at the same time, subscribers on B and C (one JSON, one
 * MsgPack). Every subscriber receives every message exactly once, numbered 1..N without a hole, in the same
 * order; each publisher's own messages keep their order.
 */
@ExtendWith(VertxExtension.class)
class WsClusterTest {

  private static final int PER_PUBLISHER = 150;
  private TestCluster cluster;
  private final List<WsClient> clients = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (WsClient c : clients) {
      c.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void publishesFromTwoNodesReachEverySubscriberInOneOrder(Vertx client, VertxTestContext ctx) {
    // publishers on A and B, subscribers on B and C; each publish waits for its ack
    check(client, ctx, 3, new int[]{0, 1}, new int[]{1, 2}, WsClusterTest::flood);
  }

  /**
   * Publishes pipelined (nothing waits for an ack) from two nodes, so appends queue behind each other and go to the
   * topic log in batches (group commit): the order is still one and gap-free everywhere, each publisher's own order
   * is kept, and the acks come back in the order of the publishes.
   */
  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void pipelinedPublishesFromTwoNodesKeepOneGapFreeOrder(Vertx client, VertxTestContext ctx) {
    check(client, ctx, 2, new int[]{0, 1}, new int[]{0, 1}, WsClusterTest::pipeline);
  }

  /**
   * A message from another node reaches its subscribers undecoded (position and time beside its frame); a subscription
   * with a filter decodes it and gets only what passes, a JSON and a MsgPack one alike, in order.
   */
  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void aFilteredSubscriptionOnAnotherNodeGetsOnlyWhatPasses(Vertx client, VertxTestContext ctx) {
    Tokens tokens = new Tokens(client, TestNodes.SECRET);
    String topic = "public.prices";
    JsonObject filtered = new JsonObject().put("type", "subscribe").put("id", "f").put("topic", topic)
      .put("filter", new JsonObject().put("field", "price").put("op", "gt").put("value", 10));
    TestCluster.start(2, TestNodes::config)
      .compose(c -> {
        cluster = c;
        return connect(client, cluster.wsPort(1), tokens.token("sub-json", "user"), Encoding.JSON);
      })
      .compose(subJson -> connect(client, cluster.wsPort(1), tokens.token("sub-msgpack", "user"), Encoding.MSGPACK)
        .compose(subPack -> subJson.send(filtered).compose(x -> subJson.next("subscribed"))
          .compose(x -> subPack.send(filtered)).compose(x -> subPack.next("subscribed"))
          .compose(x -> connect(client, cluster.wsPort(0), tokens.token("pub", "user"), Encoding.JSON))
          .compose(pub -> {
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < 20; i++) {
              JsonObject publish = new JsonObject().put("type", "publish").put("id", "p" + i).put("topic", topic)
                .put("payload", new JsonObject().put("price", i).put("name", "caf\u00e9 \uD83D\uDE00")).put("ack", true);
              chain = chain.compose(v -> pub.send(publish)).compose(v -> pub.next("ack")).mapEmpty();
            }
            return chain;
          })
          .compose(x -> Future.all(subJson.next("deliver", 9), subPack.next("deliver", 9)))
          .map(all -> {
            ctx.verify(() -> {
              for (int k = 0; k < 2; k++) {
                List<JsonObject> got = all.resultAt(k);
                assertEquals(LongStream.rangeClosed(11, 19).boxed().toList(),
                  got.stream().map(d -> d.getJsonObject("payload").getLong("price")).toList(), "only price > 10");
                assertEquals(LongStream.rangeClosed(12, 20).boxed().toList(),
                  got.stream().map(d -> d.getLong("seq")).toList(), "in order, with their seqs");
                assertEquals("caf\u00e9 \uD83D\uDE00", got.get(0).getJsonObject("payload").getString("name"));
              }
            });
            return null;
          })))
      .onComplete(ctx.succeedingThenComplete());
  }

  private void check(Vertx client, VertxTestContext ctx, int nodes, int[] publishers, int[] subscribers,
                     BiFunction<WsClient, String, Future<Void>> publish) {
    Tokens tokens = new Tokens(client, TestNodes.SECRET);
    Future<Void> started = TestCluster.start(nodes, port -> TestNodes.config(port)
        .put("ws.rate-limit.publish-per-second", 10_000).put("ws.rate-limit.publish-burst", 10_000)
        .put("ws.rate-limit.user-publish-per-second", 10_000))
      .map(c -> {
        cluster = c;
        return null;
      });
    String topic = "public.cluster";
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("id", "s").put("topic", topic);
    started
      .compose(v -> connect(client, cluster.wsPort(subscribers[0]), tokens.token("sub-b", "user"), Encoding.JSON))
      .compose(subB -> connect(client, cluster.wsPort(subscribers[1]), tokens.token("sub-c", "user"), Encoding.MSGPACK)
        .compose(subC -> subB.send(subscribe).compose(x -> subB.next("subscribed"))
          .compose(x -> subC.send(subscribe)).compose(x -> subC.next("subscribed"))
          .compose(x -> connect(client, cluster.wsPort(publishers[0]), tokens.token("pub-a", "user"), Encoding.JSON))
          .compose(pubA -> connect(client, cluster.wsPort(publishers[1]), tokens.token("pub-b", "user"),
              Encoding.MSGPACK)
            .compose(pubB -> Future.all(publish.apply(pubA, "a"), publish.apply(pubB, "b"))))
          .compose(x -> Future.all(subB.next("deliver", 2 * PER_PUBLISHER), subC.next("deliver", 2 * PER_PUBLISHER)))
          .map(all -> {
            List<JsonObject> onB = all.resultAt(0);
            List<JsonObject> onC = all.resultAt(1);
            ctx.verify(() -> {
              List<Long> expected = LongStream.rangeClosed(1, 2 * PER_PUBLISHER).boxed().toList();
              assertEquals(expected, onB.stream().map(d -> d.getLong("seq")).toList(), "B: every seq once, in order");
              assertEquals(expected, onC.stream().map(d -> d.getLong("seq")).toList(), "C: every seq once, in order");
              assertEquals(onB.stream().map(d -> d.getString("messageId")).toList(),
                onC.stream().map(d -> d.getString("messageId")).toList(), "B and C saw the same messages in the same order");
              for (String who : List.of("a", "b")) {
                List<Integer> own = onC.stream().map(d -> d.getString("payload")).filter(p -> p.startsWith(who))
                  .map(p -> Integer.parseInt(p.substring(2))).toList();
                assertEquals(java.util.stream.IntStream.range(0, PER_PUBLISHER).boxed().toList(), own,
                  "publisher " + who + "'s messages keep their order");
              }
            });
            return null;
          })))
      .onComplete(ctx.succeedingThenComplete());
  }

  private Future<WsClient> connect(Vertx vertx, int port, String token, Encoding encoding) {
    return WsClient.connect(vertx, port, token, encoding).compose(c -> {
      clients.add(c);
      return c.next("ready").map(r -> c);
    });
  }

  /** Publishes everything at once, then checks that the acks came back in order with rising seqs. */
  private static Future<Void> pipeline(WsClient pub, String who) {
    Future<List<JsonObject>> acks = pub.next("ack", PER_PUBLISHER);
    for (int i = 0; i < PER_PUBLISHER; i++) {
      pub.send(publishMessage(who, i));
    }
    return acks.compose(list -> {
      List<String> ids = list.stream().map(a -> a.getString("id")).toList();
      List<Long> seqs = list.stream().map(a -> a.getLong("seq")).toList();
      boolean rising = java.util.stream.IntStream.range(1, seqs.size()).allMatch(i -> seqs.get(i) > seqs.get(i - 1));
      return ids.equals(java.util.stream.IntStream.range(0, PER_PUBLISHER).mapToObj(i -> who + i).toList()) && rising
        ? Future.<Void>succeededFuture()
        : Future.<Void>failedFuture("acks of " + who + " out of order: " + ids + " " + seqs);
    });
  }

  private static JsonObject publishMessage(String who, int n) {
    return new JsonObject().put("type", "publish").put("id", who + n).put("topic", "public.cluster")
      .put("payload", who + "-" + n).put("ack", true);
  }

  /** Publishes one after the other (each waits for its ack), so a publisher's own order is defined. */
  private static Future<Void> flood(WsClient pub, String who) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < PER_PUBLISHER; i++) {
      int n = i;
      chain = chain.compose(v -> pub.send(publishMessage(who, n))).compose(v -> pub.next("ack")).mapEmpty();
    }
    return chain;
  }
}
