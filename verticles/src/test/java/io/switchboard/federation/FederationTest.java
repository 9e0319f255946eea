package io.switchboard.federation;

import io.switchboard.protocol.Encoding;
import io.switchboard.redis.RedisSettings;
import io.switchboard.support.Poll;
import io.switchboard.support.RedisServer;
import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Independent deployments (separate Hazelcast clusters, nothing shared but one real redis-server) federated through
 * Redis Pub/Sub: every message reaches every deployment exactly once, its own included (no echo), with three
 * deployments too (no loops); topics that are not exported stay local; a Redis restart pauses federation, which
 * resumes without restarting a node. "Exactly once" is counted after a marker message from every deployment has
 * arrived, plus a bounded settle period in which a late duplicate would show up.
 */
@ExtendWith(VertxExtension.class)
class FederationTest {

  private static final String TOPIC = "public.fed";
  private static final long SETTLE_MS = 500;

  private RedisServer redis;
  private final List<TestCluster> deployments = new ArrayList<>();
  private final List<WsClient> clients = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (WsClient c : clients) {
      c.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    for (TestCluster d : deployments) {
      d.close();
    }
    if (redis != null) {
      redis.stop();
    }
  }

  @Test
  void twoDeploymentsExchangeEachMessageExactlyOnceAndNonExportedTopicsStayLocal(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    deployment(2, "a:")
      .compose(a -> deployment(1, "b:"))
      .compose(v -> federated(vertx))
      .compose(v -> exchange(vertx, tokens, 5))
      .compose(v -> {
        // user.alice.> is not exported (the default exports public.> only): B must not see it.
        TestCluster a = deployments.get(0);
        TestCluster b = deployments.get(1);
        String local = "user.alice.notes";
        return subscriber(vertx, tokens, b, 0, "alice", local).compose(onB ->
          subscriber(vertx, tokens, a, 1, "alice", local).compose(onA ->
            publisher(vertx, tokens, a, 0, "alice")
              .compose(p -> publish(p, local, new JsonObject().put("n", 1)))
              // a public marker from A after the local message: once B has it, B would have had the local one too
              .compose(x -> publisher(vertx, tokens, a, 0, "bob"))
              .compose(p -> publish(p, TOPIC, new JsonObject().put("marker", "late")))
              .compose(x -> Poll.until(vertx, "local message on A", 100, 50, () -> Future.succeededFuture(onA.size() == 1)))
              .compose(x -> settle(vertx))
              .map(x -> {
                ctx.verify(() -> {
                  assertEquals(0, onB.size(), "a topic that is not exported stays in its deployment: " + onB);
                  assertNull(onA.get(0).getString("origin"));
                });
                return null;
              })));
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  /** A federation counter ({@code exported}, {@code imported}) summed over the deployment's nodes. */
  private static long counted(TestCluster d, String counter) {
    long sum = 0;
    for (int i = 0; i < d.size(); i++) {
      sum += Federation.health(d.node(i)).getLong(counter);
    }
    return sum;
  }

  @Test
  void threeDeploymentsEachMessageReachesEveryDeploymentExactlyOnce(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    deployment(2, "a:")
      .compose(v -> deployment(1, "b:"))
      .compose(v -> deployment(1, "c:"))
      .compose(v -> federated(vertx))
      .compose(v -> exchange(vertx, tokens, 5))
      // An import is counted when its append completes, which can come after its delivery: wait for the counters
      // (bounded), then check that none counted a message twice.
      .compose(v -> Poll.until(vertx, "import counters", 100, 50, () -> Future.succeededFuture(
        deployments.stream().allMatch(d -> counted(d, "exported") >= 6 && counted(d, "imported") >= 12))))
      .map(v -> {
        ctx.verify(() -> {
          // Every deployment exported its own 6 messages (5 + marker) once and imported the 12 of the others once.
          for (TestCluster d : deployments) {
            assertEquals(6, counted(d, "exported"), d.name());
            assertEquals(12, counted(d, "imported"), d.name());
          }
        });
        return null;
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void federationResumesAfterRedisRestartsWithoutRestartingANode(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    long[] restarted = new long[1];
    deployment(1, "a:")
      .compose(v -> deployment(1, "b:"))
      .compose(v -> federated(vertx))
      .compose(v -> {
        TestCluster a = deployments.get(0);
        TestCluster b = deployments.get(1);
        return subscriber(vertx, tokens, b, 0, "bob", TOPIC).compose(onB -> publisher(vertx, tokens, a, 0, "alice")
          .compose(p -> publish(p, TOPIC, new JsonObject().put("n", 1))
            .compose(x -> Poll.until(vertx, "first message on B", 100, 50, () -> Future.succeededFuture(onB.size() == 1)))
            .compose(x -> {
              redis.kill();
              return Poll.until(vertx, "federation degraded", 200, 50, () -> Future.succeededFuture(
                "degraded".equals(Federation.health(a.node(0)).getString("status"))
                  && "degraded".equals(Federation.health(b.node(0)).getString("status"))));
            })
            // Published while Redis is down: accepted and delivered in A, not federated (at-most-once), counted.
            .compose(x -> publish(p, TOPIC, new JsonObject().put("n", 2)))
            .compose(x -> Poll.until(vertx, "export dropped while down", 100, 50, () -> Future.succeededFuture(
              Federation.health(a.node(0)).getLong("droppedWhileDown") >= 1)))
            .compose(x -> {
              redis.restart();
              restarted[0] = System.nanoTime();
              return federated(vertx);
            })
            .compose(x -> {
              System.out.printf("federation reconnected %d ms after Redis restarted%n",
                (System.nanoTime() - restarted[0]) / 1_000_000);
              return publish(p, TOPIC, new JsonObject().put("n", 3));
            })
            .compose(x -> Poll.until(vertx, "third message on B", 100, 50, () -> Future.succeededFuture(onB.size() == 2)))
            .compose(x -> settle(vertx))
            .map(x -> {
              ctx.verify(() -> assertEquals(List.of(1, 3), onB.stream().map(m -> m.getJsonObject("payload")
                .getInteger("n")).toList(), "the message published while Redis was down is not replayed"));
              return null;
            })));
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  // ------------------------------------------------------------------ scenario

  /**
   * A subscriber on every node of every deployment; every deployment publishes {@code count} messages and a marker;
   * once every subscriber has every marker (and a settle period passed), each must hold each message exactly once,
   * numbered 1..n by its own deployment, with {@code origin} on exactly the ones from elsewhere.
   */
  private Future<Void> exchange(Vertx vertx, Tokens tokens, int count) {
    List<List<JsonObject>> inboxes = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (TestCluster d : deployments) {
      for (int i = 0; i < d.size(); i++) {
        int node = i;
        chain = chain.compose(v -> subscriber(vertx, tokens, d, node, "reader", TOPIC).map(inbox -> {
          inboxes.add(inbox);
          owners.add(d.name());
          return null;
        }));
      }
    }
    for (TestCluster d : deployments) {
      // From the deployment's last node: on a two-node deployment not the first one.
      chain = chain.compose(v -> publisher(vertx, tokens, d, d.size() - 1, "writer").compose(p -> {
        Future<Void> sent = Future.succeededFuture();
        for (int n = 1; n <= count; n++) {
          int k = n;
          sent = sent.compose(x -> publish(p, TOPIC, new JsonObject().put("from", d.name()).put("n", k)));
        }
        return sent.compose(x -> publish(p, TOPIC, new JsonObject().put("from", d.name()).put("marker", true)));
      }));
    }
    int total = deployments.size() * (count + 1);
    return chain
      .compose(v -> Poll.until(vertx, "every marker everywhere", 200, 50, () -> Future.succeededFuture(
        inboxes.stream().allMatch(in -> in.stream().filter(m -> m.getJsonObject("payload").containsKey("marker"))
          .count() == deployments.size()))))
      .compose(v -> settle(vertx))
      .map(v -> {
        for (int s = 0; s < inboxes.size(); s++) {
          List<JsonObject> inbox = inboxes.get(s);
          String own = owners.get(s);
          assertEquals(total, inbox.size(), "subscriber " + s + " of " + own + ": " + inbox);
          Map<String, Integer> seen = new HashMap<>();
          for (JsonObject m : inbox) {
            JsonObject payload = m.getJsonObject("payload");
            seen.merge(payload.getString("from") + "/" + payload.getValue("n", "marker"), 1, Integer::sum);
            String from = payload.getString("from");
            assertEquals(from.equals(own) ? null : from, m.getString("origin"), m.encode());
          }
          assertTrue(seen.values().stream().allMatch(c -> c == 1), "each message once: " + seen);
          assertEquals(LongStream.rangeClosed(1, total).boxed().toList(),
            inbox.stream().map(m -> m.getLong("seq")).toList(), "numbered by the subscriber's own deployment");
        }
        return null;
      });
  }

  // ------------------------------------------------------------------ helpers

  private JsonObject config(int httpPort, String keyPrefix) {
    return TestNodes.config(httpPort)
      .put(RedisSettings.URL, redis.url())
      // separate storage per deployment (one Redis): only the channels are shared
      .put(RedisSettings.KEY_PREFIX, keyPrefix)
      .put(RedisSettings.TIMEOUT_MS, 500)
      .put(RedisSettings.BREAKER_RESET_TIMEOUT_MS, 200)
      .put(FederationSettings.ENABLED, true)
      .put(FederationSettings.RECONNECT_MS, 100);
  }

  private Future<TestCluster> deployment(int nodes, String keyPrefix) {
    return TestCluster.start(nodes, port -> config(port, keyPrefix)).onSuccess(deployments::add);
  }

  /** Every node of every deployment has both federation connections up (its PSUBSCRIBE is in place). */
  private Future<Void> federated(Vertx vertx) {
    return Poll.until(vertx, "federation connected everywhere", 200, 50, () -> Future.succeededFuture(
      deployments.stream().allMatch(d -> {
        for (int i = 0; i < d.size(); i++) {
          if (!"ok".equals(Federation.health(d.node(i)).getString("status"))) {
            return false;
          }
        }
        return true;
      })));
  }

  /** A subscribed client; the returned list collects its deliveries from now on. */
  private Future<List<JsonObject>> subscriber(Vertx vertx, Tokens tokens, TestCluster d, int node, String user,
                                              String topic) {
    return WsClient.connect(vertx, d.wsPort(node), tokens.token(user, "user"), Encoding.JSON).compose(c -> {
      clients.add(c);
      return c.send(new JsonObject().put("type", "subscribe").put("id", "s").put("topic", topic))
        .compose(v -> c.next("subscribed"))
        .map(v -> {
          List<JsonObject> inbox = Collections.synchronizedList(new ArrayList<>());
          c.handler(m -> {
            if ("deliver".equals(m.getString("type"))) {
              inbox.add(m);
            }
          });
          return inbox;
        });
    });
  }

  private Future<WsClient> publisher(Vertx vertx, Tokens tokens, TestCluster d, int node, String user) {
    return WsClient.connect(vertx, d.wsPort(node), tokens.token(user, "user"), Encoding.JSON).onSuccess(clients::add);
  }

  private static Future<Void> publish(WsClient c, String topic, JsonObject payload) {
    return c.send(new JsonObject().put("type", "publish").put("id", "p" + System.nanoTime()).put("topic", topic)
      .put("payload", payload).put("ack", true)).compose(v -> c.next("ack")).mapEmpty();
  }

  /** A bounded pause in which a late duplicate would still arrive; never an assertion on time. */
  private static Future<Void> settle(Vertx vertx) {
    Promise<Void> p = Promise.promise();
    vertx.setTimer(SETTLE_MS, t -> p.complete());
    return p.future();
  }
}
