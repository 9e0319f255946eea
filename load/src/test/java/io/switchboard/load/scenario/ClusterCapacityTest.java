package io.switchboard.load.scenario;

import io.switchboard.load.Main;
import io.switchboard.load.Options;
import io.switchboard.load.client.Conn;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.target.LaunchCommands;
import io.switchboard.load.target.Launcher;
import io.switchboard.load.target.Target;
import io.switchboard.load.target.TargetKind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code capacity} against a real 3-node cluster of the server jar this build made, small: two client processes,
 * connections spread over every node, a fan-out, then the last node killed with SIGKILL while a publisher goes on;
 * every client of that node must come back on another node and hold every acknowledged message exactly once.
 */
class ClusterCapacityTest {

  @Test
  void connectionsSpreadOverTheNodesAndSurviveTheLossOfOne() throws Exception {
    Options o = Options.parse("capacity", "--max-connections", "90", "--workers", "2", "--hold-seconds", "1",
        "--messages", "3", "--connect-batch", "20", "--max-seconds", "120", "--server-jar",
        "verticles/target/switchboard.jar", "--bench-conf", "load/bench-node.json");
    LaunchCommands commands = LaunchCommands.from(o);
    assertTrue(Files.isRegularFile(commands.serverJar()), "the server jar is built before the load module: "
        + commands.serverJar());
    Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Context ctx = client.getOrCreateContext();
    try (Launcher launcher = new Launcher(commands, 3)) {
      Target t = launcher.start(TargetKind.SWITCHBOARD_CLUSTER);
      String token = Main.await(ctx, () -> Conn.devToken(client, t.httpUrl(), "load"), 10);
      RunContext rc = new RunContext(client, o, token, t);
      ScenarioResult r = Main.await(ctx, () -> ScenarioRegistry.get("capacity").run(rc), 200);
      JsonObject m = r.metrics();
      assertEquals(0, r.errors(), r.errorSamples() + " " + m.encode());
      assertEquals(90, m.getInteger("connectionsReached"), m.encode());
      assertEquals(new JsonArray(List.of(30, 30, 30)), m.getJsonArray("connectionsPerNode"));
      assertEquals(0, m.getInteger("droppedWhileHeld"));
      assertEquals(3, r.stats().stream().filter(s -> s.name().equals("publish->last delivery")).findFirst()
          .orElseThrow().count());
      assertEquals(3, m.getInteger("killedNode"));
      assertEquals(30, m.getInteger("failoverReconnected"), "every client of the killed node came back");
      assertEquals(0, m.getInteger("failoverNotBack"));
      assertTrue(m.getInteger("messagesAcknowledged") > 0, m.encode());
      assertEquals(0L, m.getLong("lostDeliveries"));
      assertEquals(0L, m.getLong("duplicateDeliveries"));
      assertEquals(0L, m.getLong("connectionsBehind"));
      m.getJsonArray("nodes").forEach(n -> assertTrue(((JsonObject) n).getLong("heapAfterGcBytesAfter", -1L) > 0
          && ((JsonObject) n).getLong("rssBytes", -1L) > 0, "memory read on every node: " + n));
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void workersCountsAddUpNodeByNode() {
    JsonObject sum = ClusterCapacity.sum(List.of(
        new JsonObject().put("event", "report").put("open", 3).put("lastBack", 7L).put("perNode", new JsonArray().add(1).add(2)),
        new JsonObject().put("event", "report").put("open", 4).put("lastBack", 9L).put("perNode", new JsonArray().add(3).add(1))));
    assertEquals(7, sum.getInteger("open"));
    assertEquals(new JsonArray().add(4L).add(3L), sum.getJsonArray("perNode"));
    assertTrue(!sum.containsKey("lastBack"), "a time is not a count");
  }
}
