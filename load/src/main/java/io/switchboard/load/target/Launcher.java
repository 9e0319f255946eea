package io.switchboard.load.target;

import io.switchboard.load.client.JsonFraming;
import io.switchboard.load.client.SocketIoFraming;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the servers under test as separate processes and stops every one of them at the end, on an error and on
 * Ctrl-C (a shutdown hook). Each start is bounded in time; what was started, with which command and version, and
 * what was skipped and why, is kept in {@link #describe()} for the report. Runs on the main thread (it blocks while
 * a process starts), never on an event loop.
 */
public final class Launcher implements AutoCloseable {

  public static final long START_SECONDS = 60;
  public static final long STOP_GRACE_SECONDS = 5;
  public static final long NPM_CI_SECONDS = 180;

  private final LaunchCommands commands;
  /** Read by the shutdown hook without the lock: a Ctrl-C during a start must not wait for the start. */
  private final List<PeerProcess> running = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final JsonArray described = new JsonArray();
  private final List<Path> tempFiles = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "switchboard-load-stop-targets");
  /** Set when stopping began: a process started after that (a start racing Ctrl-C) is stopped at once. */
  private volatile boolean stopping;
  private String nodeProblem; // null: not checked yet; "": node and the npm packages are there
  private boolean hookAdded;

  private final int clusterNodes;

  public Launcher(LaunchCommands commands) {
    this(commands, 3);
  }

  /** @param clusterNodes how many node processes {@code switchboard-cluster} starts */
  public Launcher(LaunchCommands commands, int clusterNodes) {
    this.commands = commands;
    this.clusterNodes = clusterNodes;
  }

  /** Starts one target and waits until it serves; throws with the process's last output when it does not. */
  public synchronized Target start(TargetKind kind) throws Exception {
    if (kind.needsNode && !prepareNode().isEmpty()) {
      throw new IllegalStateException(nodeProblem);
    }
    if (!hookAdded) {
      Runtime.getRuntime().addShutdownHook(hook);
      hookAdded = true;
    }
    return switch (kind) {
      case SWITCHBOARD -> startSwitchboard();
      case SWITCHBOARD_CLUSTER -> startSwitchboardCluster(clusterNodes);
      default -> startPeer(kind);
    };
  }

  private Target startPeer(TargetKind kind) throws Exception {
    List<String> command = commands.command(kind);
    PeerProcess p = track(PeerProcess.start(kind.id, command, Map.of()));
    int port = p.awaitListening(START_SECONDS);
    String base = "127.0.0.1:" + port;
    Target t = switch (kind) {
      case VERTX_RELAY, NODE_WS -> new Target(kind.id, "http://" + base, "ws://" + base + "/", JsonFraming.PLAIN, false, p.pid());
      case SOCKETIO -> new Target(kind.id, "http://" + base, "ws://" + base, SocketIoFraming.INSTANCE, false, p.pid());
      case MCP_TS, MCP_JAVA -> new Target(kind.id, "http://" + base + "/mcp", null, null, false, p.pid());
      case VERTX_REST -> new Target(kind.id, "http://" + base, null, null, false, p.pid());
      case SHAREDB, HOCUSPOCUS -> new Target(kind.id, "http://" + base, "ws://" + base, null, false, p.pid());
      case SWITCHBOARD, SWITCHBOARD_CLUSTER -> throw new IllegalArgumentException("not a peer");
    };
    described.add(describe(t, true).put("command", new JsonArray(new ArrayList<>(command)))
        .put("version", p.versionLine()));
    return t;
  }

  private Target startSwitchboard() throws Exception {
    requireServerJar();
    List<String> command = commands.command(TargetKind.SWITCHBOARD);
    Node node = startNode(TargetKind.SWITCHBOARD.id, command);
    Target t = new Target(TargetKind.SWITCHBOARD.id, node.httpUrl(), node.wsUrl(), JsonFraming.INSTANCE, true,
        node.process().pid());
    described.add(describe(t, true).put("command", new JsonArray(new ArrayList<>(command)))
        .put("environment", node.environment())
        .put("version", "Switchboard " + node.version()));
    return t;
  }

  /**
   * {@code n} nodes joined in one Hazelcast cluster of their own name, started one after another (the first node's
   * generated JWT secret is then every node's), each with its own ports; ready once every node's health lists n
   * members.
   */
  private Target startSwitchboardCluster(int n) throws Exception {
    requireServerJar();
    Path xml = Files.createTempFile("switchboard-bench-cluster", ".xml");
    tempFiles.add(xml);
    Files.writeString(xml, commands.clusterXml("switchboard-bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
    List<String> command = commands.clusterNode(xml);
    List<Node> started = new ArrayList<>();
    JsonArray nodes = new JsonArray();
    for (int i = 0; i < n; i++) {
      int index = i;
      Node node = startNode(TargetKind.SWITCHBOARD_CLUSTER.id + "-" + (i + 1), command,
          (ports, audit) -> LaunchCommands.clusterNodeEnv(index, ports[0], ports[1], ports[2], audit));
      started.add(node);
      nodes.add(new JsonObject().put("pid", node.process().pid()).put("httpUrl", node.httpUrl())
          .put("wsUrl", node.wsUrl()).put("environment", node.environment()));
    }
    List<String> httpUrls = started.stream().map(Node::httpUrl).toList();
    awaitMembers(httpUrls, n);
    Node first = started.get(0);
    Target t = new Target(TargetKind.SWITCHBOARD_CLUSTER.id, first.httpUrl(), first.wsUrl(), JsonFraming.INSTANCE, true,
        first.process().pid(), started.stream().map(Node::wsUrl).toList(),
        started.stream().map(node -> node.process().pid()).toList());
    described.add(describe(t, true).put("command", new JsonArray(new ArrayList<>(command))).put("nodes", nodes)
        .put("version", "Switchboard " + first.version() + ", cluster of " + n));
    return t;
  }

  private void requireServerJar() {
    if (!Files.isRegularFile(commands.serverJar())) {
      throw new IllegalStateException("no server jar at " + commands.serverJar()
          + " (build it: mvn -B -q package -DskipTests, or pass --server-jar, or --url/--ws for a running node)");
    }
  }

  /** A Switchboard node process the tool started and found healthy. */
  private record Node(PeerProcess process, String httpUrl, String wsUrl, JsonObject environment, String version) {
  }

  /**
   * Starts one node with {@code command} on free ports (from the environment, which overrides its -conf file) and an
   * audit log in a temporary file, and waits until its health answers.
   */
  private Node startNode(String name, List<String> command) throws Exception {
    return startNode(name, command, (ports, audit) -> LaunchCommands.switchboardEnv(ports[0], ports[1], ports[2], audit));
  }

  private Node startNode(String name, List<String> command,
                         java.util.function.BiFunction<int[], Path, Map<String, String>> environment) throws Exception {
    int[] ports = freePorts(3);
    Path audit = Files.createTempFile("switchboard-bench-audit", ".jsonl");
    tempFiles.add(audit);
    Map<String, String> env = environment.apply(ports, audit);
    PeerProcess p = track(PeerProcess.start(name, command, env));
    String http = "http://127.0.0.1:" + ports[0];
    JsonObject health = awaitHealth(p, http);
    return new Node(p, http, "ws://127.0.0.1:" + ports[1] + "/ws", new JsonObject(new java.util.LinkedHashMap<>(env)),
        health.getString("version"));
  }

  /** Waits (bounded) until every node's health says the cluster has {@code n} members. */
  private static void awaitMembers(List<String> httpUrls, int n) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    String last = "";
    while (System.nanoTime() - deadline < 0) {
      boolean all = true;
      for (String http : httpUrls) {
        HttpResponse<String> resp = client.send(HttpRequest.newBuilder(URI.create(http + "/api/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        last = resp.body();
        JsonArray members = resp.statusCode() == 200 ? new JsonObject(resp.body()).getJsonArray("members") : null;
        all &= members != null && members.size() == n;
      }
      if (all) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the cluster did not reach " + n + " members within " + START_SECONDS + " s; last health: " + last);
  }

  private PeerProcess track(PeerProcess p) {
    running.add(p);
    if (stopping) {
      p.stop(STOP_GRACE_SECONDS);
      throw new IllegalStateException("stopping: " + p.name() + " not started");
    }
    return p;
  }

  /** A node given by --url/--ws: measured as it is; its pid (and so its CPU) is unknown. */
  public Target external(String httpUrl, String wsUrl) {
    // --ws a,b,c: the nodes of a running cluster; publishers on the first, receivers on the others
    List<String> nodes = wsUrl == null ? List.of() : java.util.Arrays.stream(wsUrl.split(",")).map(String::trim)
        .filter(u -> !u.isEmpty()).toList();
    Target t = new Target(TargetKind.SWITCHBOARD.id, httpUrl, nodes.isEmpty() ? wsUrl : nodes.get(0),
        JsonFraming.INSTANCE, true, -1, nodes, List.of());
    described.add(describe(t, false).put("note", "a running node given by --url/--ws; its settings are its own"));
    return t;
  }

  /** Records a target that will not be measured, and why. */
  public synchronized void skipped(TargetKind kind, String reason) {
    described.add(new JsonObject().put("name", kind.id).put("skipped", reason));
  }

  /** What each target was: command, version, pid, endpoints, or why it was skipped. */
  public synchronized JsonArray describe() {
    return described.copy();
  }

  private static JsonObject describe(Target t, boolean launched) {
    return new JsonObject().put("name", t.name()).put("launched", launched).put("pid", t.pid())
        .put("httpUrl", t.httpUrl()).put("wsUrl", t.wsUrl())
        .put("framing", t.framing() == null ? null : t.framing().name());
  }

  /**
   * Checks once that Node.js runs and that load/peers has its npm packages, installing them with {@code npm ci}
   * (bounded) when node_modules is missing. Returns "" when all is there, else the reason the Node peers are skipped.
   */
  public synchronized String prepareNode() {
    if (nodeProblem != null) {
      return nodeProblem;
    }
    nodeProblem = "";
    String version = run(List.of(commands.node(), "--version"), null, 15);
    if (version == null || !version.startsWith("v")) {
      nodeProblem = "Node.js not found ('" + commands.node() + " --version' failed): install Node.js 20 or newer, or pass --node PATH";
    } else if (!Files.isRegularFile(commands.peersDir().resolve("package-lock.json"))) {
      nodeProblem = "no load/peers directory at " + commands.peersDir() + " (pass --peers-dir)";
    } else if (!Files.isDirectory(commands.peersDir().resolve("node_modules"))) {
      System.out.println("[targets] installing load/peers' npm packages (npm ci, at most " + NPM_CI_SECONDS + " s)");
      String npm = Path.of(commands.node()).getParent() != null
          && Files.isExecutable(Path.of(commands.node()).resolveSibling("npm")) ? Path.of(commands.node()).resolveSibling("npm").toString() : "npm";
      if (run(List.of(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"), commands.peersDir(), NPM_CI_SECONDS) == null) {
        nodeProblem = "'npm ci' in " + commands.peersDir() + " failed or took longer than " + NPM_CI_SECONDS + " s";
      }
    }
    return nodeProblem;
  }

  /** Runs a short command; its output, or null when it failed, could not start or outlived the bound. */
  private static String run(List<String> command, Path dir, long seconds) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      Process p = pb.start();
      // small outputs only (versions, npm's errors): read after the exit, bounded by the wait
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        System.out.println("[targets] " + String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out);
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Polls {@code GET /api/health} until 200, the process ends, or {@link #START_SECONDS}. */
  private static JsonObject awaitHealth(PeerProcess p, String http) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(http + "/api/health")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() - deadline < 0) {
      if (!p.alive()) {
        throw new IllegalStateException("the Switchboard node exited while starting; last output:\n" + p.tail());
      }
      try {
        HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 200) {
          return new JsonObject(resp.body());
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the Switchboard node did not answer /api/health within " + START_SECONDS + " s; last output:\n" + p.tail());
  }

  /** Ports free on loopback right now (a tiny race with other programs remains; the start fails loudly then). */
  static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  /** Stops one target's process (e.g. after its scenarios, so the next target has the cores to itself). */
  public void stop(Target t) {
    running.stream().filter(p -> p.pid() == t.pid() || t.pids().contains(p.pid())).forEach(p -> p.stop(STOP_GRACE_SECONDS));
  }

  private void stopAll() {
    stopping = true;
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).stop(STOP_GRACE_SECONDS);
    }
    for (Path f : tempFiles) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException ignored) {
        // a temporary file
      }
    }
  }

  @Override
  public void close() {
    stopAll();
    if (hookAdded) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }
}
