package io.switchboard.load.scenario;

import io.switchboard.load.Options;
import io.switchboard.load.client.JsonFraming;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.Target;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WebSocket scenarios end to end, about a second each, against a tiny in-test server that speaks only the relay
 * subset every peer speaks (ready; subscribe → subscribed; publish → ack if asked + deliver; ping → pong). Checks
 * that they run, measure and close cleanly, not how fast anything is.
 */
class ScenariosAgainstARelayTest {

  private static Vertx server;
  private static Vertx client;
  private static int port;

  @BeforeAll
  static void relay() throws Exception {
    server = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Map<String, Set<ServerWebSocket>> topics = new HashMap<>();
    Map<String, Long> seqs = new HashMap<>();
    HttpServer http = server.createHttpServer().webSocketHandler(ws -> {
      ws.writeTextMessage(new JsonObject().put("type", "ready").encode());
      ws.closeHandler(v -> topics.values().forEach(s -> s.remove(ws)));
      ws.textMessageHandler(text -> {
        JsonObject m = new JsonObject(text);
        switch (m.getString("type")) {
          case "subscribe" -> {
            topics.computeIfAbsent(m.getString("topic"), t -> new LinkedHashSet<>()).add(ws);
            ws.writeTextMessage(new JsonObject().put("type", "subscribed").put("id", m.getString("id"))
                .put("topic", m.getString("topic")).encode());
          }
          case "publish" -> {
            String topic = m.getString("topic");
            long seq = seqs.merge(topic, 1L, Long::sum);
            if (m.getBoolean("ack", false)) {
              ws.writeTextMessage(new JsonObject().put("type", "ack").put("id", m.getString("id")).put("topic", topic)
                  .put("seq", seq).encode());
            }
            String deliver = new JsonObject().put("type", "deliver").put("topic", topic).put("seq", seq)
                .put("payload", m.getValue("payload")).put("publisher", "anon").put("ts", System.currentTimeMillis()).encode();
            topics.getOrDefault(topic, Set.of()).forEach(s -> s.writeTextMessage(deliver));
          }
          case "ping" -> ws.writeTextMessage(new JsonObject().put("type", "pong").put("ts", m.getValue("ts")).encode());
          default -> ws.writeTextMessage(new JsonObject().put("type", "error").put("code", "unknown_type").encode());
        }
      });
    });
    port = http.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  }

  @AfterAll
  static void close() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ScenarioResult run(Scenario s, String... args) throws Exception {
    Options o = Options.parse(args);
    Target relay = new Target("relay", null, "ws://127.0.0.1:" + port + "/ws", JsonFraming.PLAIN, false, -1);
    RunContext rc = new RunContext(client, o, null, relay);
    Promise<ScenarioResult> p = Promise.promise();
    client.getOrCreateContext().runOnContext(v -> s.run(rc).onComplete(p));
    ScenarioResult r = p.future().toCompletionStage().toCompletableFuture().get(o.maxSeconds + 15L, TimeUnit.SECONDS);
    assertEquals(0, r.errors(), () -> s.name() + " errors: " + r.errorSamples());
    assertEquals("relay", r.toJson().getJsonObject("settings").getString("target"));
    for (Stats st : r.stats()) {
      assertTrue(st.count() > 0, s.name() + " / " + st.name() + " measured nothing");
    }
    return r;
  }

  @Test
  void throughputOnAPeerRunsItsOwnFramingOnly() throws Exception {
    ScenarioResult r = run(new ThroughputScenario(), "throughput", "--duration", "1", "--sequential", "200", "--window", "50");
    assertEquals(2, r.stats().size());
    assertEquals("json", r.toJson().getJsonObject("settings").getString("framing"));
  }

  @Test
  void sizes() throws Exception {
    ScenarioResult r = run(new SizesScenario(), "sizes", "--sizes", "93,65536", "--size-seconds", "1");
    assertEquals(2, r.stats().size());
  }

  @Test
  void churn() throws Exception {
    run(new ChurnScenario(), "churn", "--duration", "1", "--churn-clients", "3", "--source-addresses", "2");
  }

  @Test
  void sendersAndFanout() throws Exception {
    ScenarioResult s = run(new SendersScenario(), "senders", "--duration", "1", "--senders", "5", "--sender-rate", "50",
        "--receivers", "2", "--topics", "2");
    assertEquals(s.metrics().getLong("published") * 2, s.metrics().getLong("deliveries"));
    ScenarioResult f = run(new FanoutScenario(), "fanout", "--subscribers", "40", "--messages", "10", "--rate", "50",
        "--connect-batch", "16");
    // two warm-up messages first (checked like the others: every subscriber, in order), then the ten recorded
    assertEquals(2, f.toJson().getJsonObject("settings").getInteger("warmUpMessages"));
    assertEquals(10, f.stats().get(1).count(), "publish->last subscriber: the recorded messages only");
    assertEquals(400, f.stats().get(0).count(), "publish->deliver: 40 subscribers x 10 recorded messages");
  }

  @Test
  void saturate() throws Exception {
    ScenarioResult r = run(new SaturateScenario(), "saturate", "--duration", "1", "--senders", "4", "--receivers", "2",
        "--window", "40");
    assertEquals(2, r.stats().size());
    assertEquals(4, r.toJson().getJsonObject("settings").getInteger("publishers"));
    assertEquals(10, r.toJson().getJsonObject("settings").getInteger("windowPerPublisher"));
    assertEquals(1, r.toJson().getJsonObject("settings").getInteger("warmupSeconds"));
    // every recorded publish reaches its publisher and the topic's two receivers (the warm-up's copies not counted)
    assertEquals(r.stats().get(0).count() * 3, r.metrics().getLong("deliveries"));
    assertTrue(r.metrics().getLong("deliveriesPerSecond") > 0);
  }

  @Test
  void mixedStepPattern() throws Exception {
    ScenarioResult r = run(new MixedScenario(), "mixed", "--pattern", "step", "--duration", "1", "--mixed-rate", "200",
        "--mixed-publishers", "2", "--mixed-subscribers", "2");
    assertEquals(3, r.stats().size());
  }

  @Test
  void capacityWithoutAPid() throws Exception {
    ScenarioResult r = run(new CapacityScenario(), "capacity", "--max-connections", "60", "--connect-batch", "25",
        "--hold-seconds", "1");
    assertEquals(60, r.metrics().getInteger("connectionsReached"));
    assertTrue(!r.metrics().containsKey("serverRssBytesPerConnection"), "no pid, no memory figure");
  }
}
