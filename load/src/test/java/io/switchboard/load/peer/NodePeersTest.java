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
    Launcher launcher = launcherWithPeers(o);
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

  /**
   * ShareDB and Hocuspocus started by the launcher and driven by {@code collab} through their own clients
   * (load/peers/collab-driver.mjs): a short run per peer, its documents checked by the driver (no error), its
   * rate and heap per document measured.
   */
  @Test
  void shareDbAndHocuspocusAreDrivenByTheCollabScenario() throws Exception {
    Options o = Options.parse("collab", "--collab-editors", "2", "--editing-seconds", "1", "--collab-docs", "3",
        "--peers-dir", "peers");
    Launcher launcher = launcherWithPeers(o);
    Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Context ctx = client.getOrCreateContext();
    try (launcher) {
      for (TargetKind kind : new TargetKind[] {TargetKind.SHAREDB, TargetKind.HOCUSPOCUS}) {
        Target t = launcher.start(kind);
        ScenarioResult r = Main.await(ctx, () -> ScenarioRegistry.get("collab").run(new RunContext(client, o, null, t)), 120);
        assertEquals(0, r.errors(), kind.id + ": " + r.errorSamples());
        Object rate = r.metrics().getValue("K=2 edits/s");
        org.junit.jupiter.api.Assertions.assertTrue(rate instanceof Number n && n.doubleValue() > 0, kind.id + ": " + r.metrics());
        Object heap = r.metrics().getValue("heap per document (4 editors connected) bytes");
        org.junit.jupiter.api.Assertions.assertTrue(heap instanceof Number, kind.id + ": " + r.metrics());
        launcher.stop(t);
      }
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A launcher for the Node.js peers, their packages installed: fails under CI=true when they cannot run, else skips
   * saying why.
   */
  private static Launcher launcherWithPeers(Options o) throws Exception {
    LaunchCommands commands = LaunchCommands.from(o);
    String installed = installPeers(commands.peersDir());
    Launcher launcher = new Launcher(commands);
    String problem = installed.isEmpty() ? launcher.prepareNode() : installed;
    if (!problem.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true and the Node.js peers cannot run: " + problem);
      }
      System.err.println("NodePeersTest SKIPPED: " + problem);
    }
    Assumptions.assumeTrue(problem.isEmpty(), problem);
    return launcher;
  }

  /**
   * The peers' npm packages (load/peers/package-lock.json), fetched here when missing, as the browser and MCP tests
   * fetch theirs: "" when they are in place, else why they cannot be.
   */
  private static String installPeers(java.nio.file.Path peers) throws Exception {
    if (Files.isDirectory(peers.resolve("node_modules"))) {
      return "";
    }
    String npm = null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(java.nio.file.Path.of(dir, "npm"))) {
        npm = java.nio.file.Path.of(dir, "npm").toString();
        break;
      }
    }
    if (npm == null) {
      return "no " + peers.resolve("node_modules") + " and npm is not on PATH (run 'npm ci' in " + peers + ")";
    }
    System.err.println("[NodePeersTest] running 'npm ci' in " + peers + " (at most 5 min)");
    Process p = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund").directory(peers.toFile())
      .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return "'npm ci' in " + peers + " did not finish within 5 min";
    }
    return p.exitValue() == 0 && Files.isDirectory(peers.resolve("node_modules")) ? ""
      : "'npm ci' in " + peers + " failed (exit " + p.exitValue() + ")";
  }
}