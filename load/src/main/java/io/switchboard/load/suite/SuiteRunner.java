package io.switchboard.load.suite;

import io.switchboard.load.Main;
import io.switchboard.load.Options;
import io.switchboard.load.client.Conn;
import io.switchboard.load.client.MsgPackFraming;
import io.switchboard.load.report.Progress;
import io.switchboard.load.scenario.McpScenario;
import io.switchboard.load.scenario.RunContext;
import io.switchboard.load.scenario.Scenario;
import io.switchboard.load.scenario.ScenarioRegistry;
import io.switchboard.load.stats.Resources;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.Launcher;
import io.switchboard.load.target.Target;
import io.switchboard.load.target.TargetKind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the selected scenarios against each selected target in turn: one target at a time is up (started once,
 * every scenario it supports run against it, then stopped, so the next one has the cores to itself), each result
 * tagged with its target, its framing and the CPU the client and the server used during it.
 */
public final class SuiteRunner {

  private final Vertx vertx;
  private final Context ctx;
  private final Options options;
  private final Launcher launcher;

  public SuiteRunner(Vertx vertx, Context ctx, Options options, Launcher launcher) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.options = options;
    this.launcher = launcher;
  }

  /**
   * Whether the suite runs a scenario against a target: the scenario must support it, and a target without a
   * WebSocket endpoint (an MCP peer) goes only to scenarios that say so themselves (override {@code supports}).
   */
  /**
   * What a {@code switchboard-cluster} runs: the scenarios whose receivers connect to other nodes than publishers,
   * {@code capacity}, whose connections spread over every node, and {@code mcp}, whose calls reach a provider on
   * another node (the first node provides none: {@link io.switchboard.load.target.LaunchCommands#clusterNodeEnv}), and
   * {@code collab}, whose editors spread over every node.
   */
  static final java.util.Set<String> CROSS_NODE = java.util.Set.of("throughput", "fanout", "saturate", "capacity", "mcp",
      "collab");

  public static boolean runs(Scenario s, Target t) {
    if (!t.webSocket() && !declaresSupports(s)) {
      return false;
    }
    if (TargetKind.ids().contains(t.name()) && TargetKind.of(t.name()).editingOnly() && !"collab".equals(s.name())) {
      return false; // ShareDB and Hocuspocus speak only their own editing protocols
    }
    return s.supports(t);
  }

  static boolean declaresSupports(Scenario s) {
    try {
      return s.getClass().getMethod("supports", Target.class).getDeclaringClass() != Scenario.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** What a target will look like once started, to choose its scenarios before starting it. */
  static Target preview(TargetKind kind) {
    return new Target(kind.id, "http://127.0.0.1:0", kind.httpOnly ? null : "ws://127.0.0.1:0/", null,
        kind == TargetKind.SWITCHBOARD || kind == TargetKind.SWITCHBOARD_CLUSTER, -1);
  }

  public List<Comparisons.Run> run() {
    List<Comparisons.Run> runs = new ArrayList<>();
    if (options.mcpPeer != null) {
      // any MCP server the user names (--mcp-peer URL): named mcp-* so McpScenario treats it as a peer (no token)
      Target peer = new Target(McpScenario.PEER_PREFIX + "peer", options.mcpPeer, null, null, false, -1);
      measure(peer, null, List.of(ScenarioRegistry.get("mcp")), runs);
      return runs;
    }
    for (String id : options.targets()) {
      TargetKind kind = TargetKind.of(id);
      List<Scenario> scenarios = new ArrayList<>();
      for (String name : options.scenarios()) {
        Scenario s = ScenarioRegistry.get(name);
        if (runs(s, preview(kind)) && (kind != TargetKind.SWITCHBOARD_CLUSTER || CROSS_NODE.contains(name))) {
          scenarios.add(s);
        }
      }
      if (scenarios.isEmpty()) {
        launcher.skipped(kind, "none of the selected scenarios runs against it");
        continue;
      }
      if (kind.needsNode && !launcher.prepareNode().isEmpty()) {
        System.out.println("[" + id + "] skipped: " + launcher.prepareNode());
        launcher.skipped(kind, launcher.prepareNode());
        continue;
      }
      runTarget(kind, scenarios, runs);
    }
    return runs;
  }

  private void runTarget(TargetKind kind, List<Scenario> scenarios, List<Comparisons.Run> runs) {
    Target t;
    String token;
    try {
      boolean external = kind == TargetKind.SWITCHBOARD && options.nodeGiven;
      System.out.println("[" + kind.id + "] " + (external ? "using the node at " + options.url + " and " + options.ws : "starting"));
      t = external ? launcher.external(options.url, options.ws) : launcher.start(kind);
      if (external && options.serverPid > 0) {
        t = t.withPid(options.serverPid);
      }
      if (t.switchboard() && "msgpack".equals(options.encoding)) {
        t = t.withFraming(MsgPackFraming.INSTANCE);
      }
      System.out.println("[" + kind.id + "] ready: " + (t.webSocket() ? t.wsUrl() : t.httpUrl()) + (t.pid() > 0 ? " pid " + t.pid() : ""));
      token = t.switchboard() ? token(t) : null;
    } catch (Exception e) {
      System.out.println("[" + kind.id + "] failed: " + Main.rootMessage(e));
      launcher.skipped(kind, "failed to start: " + Main.rootMessage(e));
      ScenarioResult failed = new ScenarioResult("target " + kind.id, new JsonObject().put("target", kind.id));
      failed.add(new Stats("start")).error();
      failed.errorSample("target " + kind.id + " did not start: " + Main.rootMessage(e));
      runs.add(new Comparisons.Run(kind.id, failed));
      return;
    }
    measure(t, token, scenarios, runs);
    if (t.pid() > 0) {
      launcher.stop(t);
    }
  }

  /** Runs the scenarios against a target that is up, each result tagged with the target and the resources used. */
  private void measure(Target t, String token, List<Scenario> scenarios, List<Comparisons.Run> runs) {
    RunContext rc = new RunContext(vertx, options, token, t);
    for (Scenario s : scenarios) {
      Progress.start(s.name(), "start against " + t.name());
      Resources used = Resources.start(t.pids());
      ScenarioResult r;
      try {
        r = Main.await(ctx, () -> s.run(rc), s.boundSeconds(options));
      } catch (Exception e) {
        r = new ScenarioResult(s.name(), new JsonObject());
        r.add(new Stats("failed")).error();
        r.errorSample("scenario failed: " + Main.rootMessage(e));
      }
      JsonObject settings = r.settings();
      if (!settings.containsKey("target")) {
        settings.put("target", t.name());
      }
      if (!settings.containsKey("framing") && t.framing() != null) {
        settings.put("framing", t.framing().name());
      }
      JsonObject resources = used.stop();
      settings.put("resources", resources);
      System.out.println("[" + s.name() + "] done against " + t.name() + ", " + r.errors() + " errors"
          + (resources.containsKey("clientCpuPercent") ? ", client CPU " + resources.getDouble("clientCpuPercent") + " %" : "")
          + (resources.containsKey("serverCpuPercent") ? ", server CPU " + resources.getDouble("serverCpuPercent") + " %" : ""));
      runs.add(new Comparisons.Run(t.name(), r));
    }
  }

  private String token(Target t) throws Exception {
    if (options.token != null) {
      return options.token;
    }
    String token = Main.await(ctx, () -> Conn.devToken(vertx, t.httpUrl(), "load"), 10);
    System.out.println("[" + t.name() + "] dev token fetched from " + t.httpUrl() + " (user 'load')");
    return token;
  }
}
