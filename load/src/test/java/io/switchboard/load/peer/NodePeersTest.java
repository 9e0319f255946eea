package io.switchboard.load.peer;

import io.switchboard.load.Main;
import io.switchboard.load.Options;
import io.switchboard.load.scenario.RunContext;
import io.switchboard.load.scenario.ScenarioRegistry;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.target.LaunchCommands;
import io.switchboard.load.target.Launcher;
import io.switchboard.load.target.Target;
import io.switchboard.load.target.TargetKind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Node.js peers (ws and Socket.IO) as separate processes started by the launcher, driven by the ping and fanout
 * scenarios. .ci/run installs them; in CI ({@code CI=true}) their absence fails the test, elsewhere it is skipped,
 * saying so.
 */
class NodePeersTest {

  @Test
  void wsAndSocketIoPeersSpeakTheRelaySubset() throws Exception {
    Options o = Options.parse("ping", "--pings", "200", "--subscribers", "3", "--messages", "20", "--rate", "200",
        "--max-seconds", "5", "--peers-dir", "peers");
    LaunchCommands commands = LaunchCommands.from(o);
    boolean ready = Files.isDirectory(commands.peersDir().resolve("node_modules"));
    Launcher launcher = new Launcher(commands);
    String problem = ready ? launcher.prepareNode() : "no " + commands.peersDir().resolve("node_modules") + " (run npm ci in load/peers)";
    if (!problem.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true and the Node.js peers cannot run: " + problem);
      }
      System.out.println("NodePeersTest SKIPPED: " + problem);
    }
    Assumptions.assumeTrue(problem.isEmpty(), problem);
    Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Context ctx = client.getOrCreateContext();
    try (launcher) {
      for (TargetKind kind : new TargetKind[] {TargetKind.NODE_WS, TargetKind.SOCKETIO}) {
        Target t = launcher.start(kind);
        RunContext rc = new RunContext(client, o, null, t);
        for (String scenario : new String[] {"ping", "fanout"}) {
          ScenarioResult r = Main.await(ctx, () -> ScenarioRegistry.get(scenario).run(rc), 30);
          assertEquals(0, r.errors(), kind.id + " " + scenario + ": " + r.errorSamples());
        }
        launcher.stop(t);
      }
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

}
