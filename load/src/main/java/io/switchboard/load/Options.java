package io.switchboard.load;

import io.switchboard.load.scenario.ScenarioRegistry;
import io.switchboard.load.target.TargetKind;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.List;

/**
 * Command line of the load tool. {@link #parse} never exits the JVM; it throws
 * {@link IllegalArgumentException} with a message meant for the user.
 */
public final class Options {

  public static final List<String> COMMANDS = commands();

  private static List<String> commands() {
    List<String> c = new java.util.ArrayList<>(ScenarioRegistry.names());
    c.add("suite");
    return List.copyOf(c);
  }

  public static final String USAGE = String.join("\n",
      "usage: java -jar switchboard-load.jar <" + String.join("|", COMMANDS) + "> [options]",
      "  --url URL            HTTP base of the node (default http://127.0.0.1:8080), for the dev token",
      "  --ws URL[,URL...]    WebSocket endpoint (default ws://127.0.0.1:8081/ws); several: the nodes of a running",
      "                       cluster, publishers on the first, receivers on the others (as switchboard-cluster)",
      "  --token JWT          token to use; without it a dev token is fetched from POST <url>/api/auth/token",
      "  --quick              small sizes (the whole suite in well under a minute)",
      "  --out FILE           write the JSON result there",
      "  --html FILE          write the self-contained HTML report there",
      "  --save-baseline FILE write the result as a baseline for compare",
      "  --connections N      connect: sequential connections (default 5000, quick 200)",
      "  --pings N            ping: round trips (default 50000, quick 2000)",
      "  --subscribers S      fanout: subscribers (default 10000, quick 500)",
      "  --messages M         fanout, capacity on a cluster: messages published (default 40, quick 50)",
      "  --rate R             fanout: publishes per second (default 2, quick 25; the node's default limit is 100 per connection)",
      "  --max-seconds T      time bound of each scenario (default 120, quick 20)",
      "  --encoding E         json or msgpack: Switchboard's encoding for every scenario but throughput (which runs both); default json",
      "  --server-pid P       the server's process id, for memory readings (capacity); default: unknown",
      "  --duration S         seconds of each sustained phase: throughput, senders, saturate, workers, churn, each mixed pattern (default 10, quick 2)",
      "  --sequential N       throughput: sequential round trips at most (default 10000, quick 1000)",
      "  --window W           throughput, sizes: messages in flight at most; saturate: shared by the publishers (default 1000)",
      "  --message-bytes B    throughput, senders, workers, mixed: JSON publish frame size (default 93)",
      "  --senders C          senders: sender connections; workers: in total; saturate: publishers (default 50, quick 20)",
      "  --warm-up-seconds S  saturate: the same load unrecorded first (default half the duration, 1 to 5 s; adds S to --max-seconds's default)",
      "  --sender-rate R      senders, workers: publishes per second per sender (default 100, quick 50)",
      "  --topics T           senders, workers: topics the senders share (default 1)",
      "  --receivers N        senders, workers, saturate: subscriber connections on every topic (default 1)",
      "  --workers W          workers: child processes; capacity on a cluster: client processes (default 4, quick 2)",
      "  --sizes LIST         sizes: comma-separated JSON publish frame sizes (default 93,285,1024,4096,16384,65536)",
      "  --size-seconds S     sizes: seconds per size (default 5, quick 1)",
      "  --source-addresses K fanout, senders, capacity, churn, mixed: spread connections over 127.0.0.1..127.0.0.K (default 8)",
      "  --connect-batch B    connections opened in parallel at once (default 200)",
      "  --max-connections N  capacity: stop at this many connections (default 50000, quick 5000)",
      "  --hold-seconds S     capacity: how long the connections are held open (default 5, quick 1)",
      "  --churn-clients C    churn: parallel connect/close loops (default 20, quick 10)",
      "  --pattern P          mixed: constant, ramp, spike, step or all (default all)",
      "  --mixed-rate R       mixed: nominal operations per second (default 2000, quick 500)",
      "  --mixed-publishers P mixed: publisher connections (default 10, quick 5)",
      "  --mixed-subscribers S mixed: subscriber connections (default 4, quick 2)",
      "  --http-clients C     rest, mcp: concurrent clients (default rest 8, mcp 16 as issue 15 states its targets; quick 4)",
      "  --http-seconds S     mcp: how long the clients loop (default 20, quick 5)",
      "  --rest-seconds S     rest: seconds of each operation's phase (default 5, quick 1)",
      "  --list-sessions N,M  rest: session counts at which listing is measured (default 100,100000; quick 100,2000)",
      "  --page-size N        rest: limit of the list request (default 20)",
      "  --mcp-url URL        mcp: Switchboard's MCP endpoint (default <url>/mcp)",
      "  --mcp-tool NAME      mcp: trivial tool called on Switchboard (default test_simple_text, the conformance",
      "                       fixture's, on in load/bench-node.json); list_sessions and publish are measured too",
      "  --mcp-args JSON      mcp: its arguments (default {})",
      "  --mcp-peer URL       mcp: measure this MCP endpoint (a peer: no token, the peer tool) instead of Switchboard",
      "  --mcp-peer-tool NAME mcp: tool called on MCP peers (targets named mcp-*; default greet)",
      "  --mcp-peer-args JSON mcp: its arguments (default {\"name\":\"load\"})",
      "  --collab-clients K   collab: editors of one document (default 4, quick 3)",
      "  --collab-seconds S   collab: how long they edit (default 20, quick 5)",
      "  --edit-rate R        collab: edits per second per editor (default 10)",
      "  --collab-seed N      collab: seed of the edit positions (default 7)",
      "  --collab-editors L   collab: editors of one document, a list (default 4,16,64; quick 4,16)",
      "  --collab-docs D      collab: documents of 4 editors each, for memory per document (default 1000, quick 100)",
      "  --editing-seconds S  collab: how long each measured run types (default 10, quick 3)",
      "  --targets LIST       servers to measure, comma-separated: " + String.join(",", TargetKind.ids()),
      "                       (default: all for suite, switchboard otherwise); peers need no token",
      "                       switchboard-cluster (named only): --cluster-nodes node processes, publishers on the",
      "                       first, receivers on the others (throughput, fanout, saturate; capacity: every node,",
      "                       --workers client processes, then a node killed and its clients resumed elsewhere)",
      "  --cluster-nodes N    switchboard-cluster: how many nodes (default 3, at least 2)",
      "  --server-jar PATH    the node's fat jar to launch (default verticles/target/switchboard.jar);",
      "                       --url or --ws instead measures a node that is already running",
      "  --bench-conf PATH    the node's -conf file (default load/bench-node.json)",
      "  --peers-dir PATH     the Node.js peers (default load/peers; npm ci runs there when node_modules is missing)",
      "  --node PATH          the Node.js binary for the peers (default node)",
      "  --help",
      "offline commands (no server):",
      io.switchboard.load.report.ReportCommands.USAGE);

  public String command;
  public String url = "http://127.0.0.1:8080";
  public String ws = "ws://127.0.0.1:8081/ws";
  public String token;
  public boolean quick;
  public String out;
  public String html;
  public String saveBaseline;
  public int connections;
  public int pings;
  public int subscribers;
  public int messages;
  public int rate;
  public int maxSeconds;
  public String encoding = "json";
  public long serverPid = -1;
  public int duration;
  /** saturate's unrecorded load first, in seconds; 0: half the duration, 1 to 5 s. */
  public int warmUpSeconds;
  public int sequential;
  public int window = 1000;
  public int messageBytes = 93;
  public int senders;
  public int senderRate;
  public int topics = 1;
  public int receivers = 1;
  public int workers;
  public List<Integer> sizes = List.of(93, 285, 1024, 4096, 16384, 65536);
  public int sizeSeconds;
  public int sourceAddresses = 8;
  public int connectBatch = 200;
  public int maxConnections;
  public int holdSeconds;
  public int churnClients;
  public String pattern = "all";
  public int mixedRate;
  public int mixedPublishers;
  public int mixedSubscribers;
  public boolean help;
  public int httpClients;
  /** mcp's callers: {@code --http-clients} when given; 16 by default, the concurrency issue 15's targets name. */
  public int mcpClients;
  public int httpSeconds;
  public int pageSize = 20;
  public int restSeconds;
  public List<Integer> listSessions;
  public String mcpUrl;
  public String mcpTool = "test_simple_text";
  public JsonObject mcpArgs = new JsonObject();
  public String mcpPeer;
  public String mcpPeerTool = "greet";
  public JsonObject mcpPeerArgs = new JsonObject().put("name", "load");
  public int collabClients;
  public int collabSeconds;
  public int editRate = 10;
  public long collabSeed = 7;
  public List<Integer> collabEditors;
  public int collabDocs;
  public int editingSeconds;
  /** --url or --ws was given: measure that running node instead of launching one. */
  public boolean nodeGiven;
  /** --targets as given, or null for the default (see {@link #targets()}). */
  public List<String> targets;
  public int clusterNodes = 3;
  public String serverJar = "verticles/target/switchboard.jar";
  public String benchConf = "load/bench-node.json";
  public String peersDir = "load/peers";
  public String node = "node";

  public static Options parse(String... args) {
    Options o = new Options();
    Integer connections = null, pings = null, subscribers = null, messages = null, maxSeconds = null, rate = null;
    java.util.Map<String, Integer> profiled = new java.util.HashMap<>();
    Integer httpClients = null, httpSeconds = null, collabClients = null, collabSeconds = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        if (o.command != null) {
          throw new IllegalArgumentException("unexpected argument '" + a + "' (scenario already given: " + o.command + ")");
        }
        if (!COMMANDS.contains(a)) {
          throw new IllegalArgumentException("unknown scenario '" + a + "'; expected one of " + COMMANDS);
        }
        o.command = a;
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (name) {
        case "--quick" -> { noValue(name, value); o.quick = true; }
        case "--help" -> { noValue(name, value); o.help = true; }
        default -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("option " + name + " needs a value");
            }
            value = args[++i];
          }
          switch (name) {
            case "--url" -> { o.url = url(name, value, "http"); o.nodeGiven = true; }
            case "--ws" -> {
              for (String one : value.split(",")) {
                url(name, one.trim(), "ws");
              }
              o.ws = value;
              o.nodeGiven = true;
            }
            case "--targets" -> o.targets = targets(name, value);
            case "--server-jar" -> o.serverJar = nonEmpty(name, value);
            case "--cluster-nodes" -> o.clusterNodes = Math.max(2, Math.min(9, positive(name, value)));
            case "--bench-conf" -> o.benchConf = nonEmpty(name, value);
            case "--peers-dir" -> o.peersDir = nonEmpty(name, value);
            case "--node" -> o.node = nonEmpty(name, value);
            case "--token" -> o.token = nonEmpty(name, value);
            case "--out" -> o.out = nonEmpty(name, value);
            case "--html" -> o.html = nonEmpty(name, value);
            case "--save-baseline" -> o.saveBaseline = nonEmpty(name, value);
            case "--connections" -> connections = positive(name, value);
            case "--pings" -> pings = positive(name, value);
            case "--subscribers" -> subscribers = positive(name, value);
            case "--messages" -> messages = positive(name, value);
            case "--rate" -> rate = positive(name, value);
            case "--max-seconds" -> maxSeconds = positive(name, value);
            case "--http-clients" -> httpClients = positive(name, value);
            case "--http-seconds" -> httpSeconds = positive(name, value);
            case "--page-size" -> o.pageSize = positive(name, value);
            case "--list-sessions" -> o.listSessions = sizes(name, value);
            case "--mcp-url" -> o.mcpUrl = url(name, value, "http");
            case "--mcp-tool" -> o.mcpTool = nonEmpty(name, value);
            case "--mcp-args" -> o.mcpArgs = jsonObject(name, value);
            case "--mcp-peer" -> o.mcpPeer = url(name, value, "http");
            case "--mcp-peer-tool" -> o.mcpPeerTool = nonEmpty(name, value);
            case "--mcp-peer-args" -> o.mcpPeerArgs = jsonObject(name, value);
            case "--collab-clients" -> collabClients = positive(name, value);
            case "--collab-seconds" -> collabSeconds = positive(name, value);
            case "--edit-rate" -> o.editRate = positive(name, value);
            case "--collab-seed" -> o.collabSeed = positive(name, value);
            case "--collab-editors" -> {
              List<Integer> list = new java.util.ArrayList<>();
              for (String v : value.split(",")) {
                list.add(positive(name, v.trim()));
              }
              o.collabEditors = List.copyOf(list);
            }
            case "--collab-docs" -> o.collabDocs = positive(name, value);
            case "--editing-seconds" -> o.editingSeconds = positive(name, value);
            case "--encoding" -> o.encoding = oneOf(name, value, List.of("json", "msgpack"));
            case "--server-pid" -> o.serverPid = positive(name, value);
            case "--window" -> o.window = positive(name, value);
            case "--message-bytes" -> o.messageBytes = positive(name, value);
            case "--topics" -> o.topics = positive(name, value);
            case "--receivers" -> o.receivers = positive(name, value);
            case "--sizes" -> o.sizes = sizes(name, value);
            case "--source-addresses" -> o.sourceAddresses = Math.min(254, positive(name, value));
            case "--connect-batch" -> o.connectBatch = positive(name, value);
            case "--pattern" -> o.pattern = oneOf(name, value, List.of("constant", "ramp", "spike", "step", "all"));
            case "--warm-up-seconds" -> o.warmUpSeconds = positive(name, value);
            case "--duration", "--sequential", "--senders", "--sender-rate", "--workers", "--size-seconds",
                "--max-connections", "--hold-seconds", "--churn-clients", "--mixed-rate", "--mixed-publishers",
                "--mixed-subscribers", "--rest-seconds" -> profiled.put(name, positive(name, value));
            default -> throw new IllegalArgumentException("unknown option " + name);
          }
        }
      }
    }
    if (o.command == null && !o.help) {
      throw new IllegalArgumentException("no scenario given; expected one of " + COMMANDS);
    }
    o.connections = connections != null ? connections : (o.quick ? 200 : 5000);
    o.pings = pings != null ? pings : (o.quick ? 2000 : 50000);
    o.subscribers = subscribers != null ? subscribers : (o.quick ? 500 : 10000);
    o.messages = messages != null ? messages : (o.quick ? 50 : 40);
    // a longer warm-up lengthens the scenario's time bound by as much, unless the bound is given
    o.maxSeconds = maxSeconds != null ? maxSeconds : (o.quick ? 20 : 120) + o.warmUpSeconds;
    o.rate = rate != null ? rate : (o.quick ? 25 : 2);
    o.duration = profiled.getOrDefault("--duration", o.quick ? 2 : 10);
    o.sequential = profiled.getOrDefault("--sequential", o.quick ? 1000 : 10000);
    o.senders = profiled.getOrDefault("--senders", o.quick ? 20 : 50);
    o.senderRate = profiled.getOrDefault("--sender-rate", o.quick ? 50 : 100);
    o.workers = profiled.getOrDefault("--workers", o.quick ? 2 : 4);
    o.sizeSeconds = profiled.getOrDefault("--size-seconds", o.quick ? 1 : 5);
    o.maxConnections = profiled.getOrDefault("--max-connections", o.quick ? 5000 : 50000);
    o.holdSeconds = profiled.getOrDefault("--hold-seconds", o.quick ? 1 : 5);
    o.churnClients = profiled.getOrDefault("--churn-clients", o.quick ? 10 : 20);
    o.mixedRate = profiled.getOrDefault("--mixed-rate", o.quick ? 500 : 2000);
    o.mixedPublishers = profiled.getOrDefault("--mixed-publishers", o.quick ? 5 : 10);
    o.mixedSubscribers = profiled.getOrDefault("--mixed-subscribers", o.quick ? 2 : 4);
    if (o.senders > SENDERS_MAX) {
      throw new IllegalArgumentException("option --senders allows at most " + SENDERS_MAX);
    }
    if (o.mcpPeer != null && !"mcp".equals(o.command)) {
      throw new IllegalArgumentException("option --mcp-peer goes with the mcp scenario only");
    }
    o.httpClients = httpClients != null ? httpClients : (o.quick ? 4 : 8);
    o.mcpClients = httpClients != null ? httpClients : (o.quick ? 4 : 16);
    o.httpSeconds = httpSeconds != null ? httpSeconds : (o.quick ? 5 : 20);
    o.restSeconds = profiled.getOrDefault("--rest-seconds", o.quick ? 1 : 5);
    if (o.listSessions == null) {
      o.listSessions = o.quick ? List.of(100, 2000) : List.of(100, 100_000);
    }
    o.collabClients = collabClients != null ? collabClients : (o.quick ? 3 : 4);
    o.collabSeconds = collabSeconds != null ? collabSeconds : (o.quick ? 5 : 20);
    if (o.collabEditors == null) {
      o.collabEditors = o.quick ? List.of(4, 16) : List.of(4, 16, 64);
    }
    if (o.collabDocs == 0) {
      o.collabDocs = o.quick ? 100 : 1000;
    }
    if (o.editingSeconds == 0) {
      o.editingSeconds = o.quick ? 3 : 10;
    }
    return o;
  }

  /** Sender connections one senders run may have (each gets its own range of message ids). */
  public static final int SENDERS_MAX = 4096;

  public List<String> scenarios() {
    return "suite".equals(command) ? ScenarioRegistry.names() : List.of(command);
  }

  /** The servers to measure: --targets, else every kind for {@code suite}, else Switchboard alone. */
  public List<String> targets() {
    if (targets != null) {
      return targets;
    }
    return "suite".equals(command) ? TargetKind.defaults() : List.of(TargetKind.SWITCHBOARD.id);
  }

  private static List<String> targets(String name, String value) {
    List<String> list = new java.util.ArrayList<>();
    for (String t : value.split(",")) {
      String id = t.trim();
      if (id.isEmpty()) {
        continue;
      }
      if (!TargetKind.ids().contains(id)) {
        throw new IllegalArgumentException("option " + name + ": unknown target '" + id + "'; expected some of " + TargetKind.ids());
      }
      if (!list.contains(id)) {
        list.add(id);
      }
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("option " + name + " needs at least one of " + TargetKind.ids());
    }
    return List.copyOf(list);
  }

  /** The settings as they go into the JSON report; the token itself is never written. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("command", command)
        .put("url", url)
        .put("ws", ws)
        .put("token", token != null ? "given" : "dev token fetched from the node")
        .put("quick", quick)
        .put("connections", connections)
        .put("pings", pings)
        .put("subscribers", subscribers)
        .put("messages", messages)
        .put("publishRatePerSecond", rate)
        .put("maxSecondsPerScenario", maxSeconds)
        .put("encoding", encoding)
        .put("serverPid", serverPid)
        .put("clusterNodes", clusterNodes)
        .put("duration", duration)
        .put("sequential", sequential)
        .put("window", window)
        .put("messageBytes", messageBytes)
        .put("senders", senders)
        .put("senderRate", senderRate)
        .put("topics", topics)
        .put("receivers", receivers)
        .put("workers", workers)
        .put("sizes", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(sizes)))
        .put("sizeSeconds", sizeSeconds)
        .put("sourceAddresses", sourceAddresses)
        .put("connectBatch", connectBatch)
        .put("maxConnections", maxConnections)
        .put("holdSeconds", holdSeconds)
        .put("churnClients", churnClients)
        .put("pattern", pattern)
        .put("mixedRate", mixedRate)
        .put("mixedPublishers", mixedPublishers)
        .put("mixedSubscribers", mixedSubscribers)
        .put("httpClients", httpClients)
        .put("mcpClients", mcpClients)
        .put("httpSeconds", httpSeconds)
        .put("pageSize", pageSize)
        .put("restSeconds", restSeconds)
        .put("listSessions", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(listSessions)))
        .put("mcpUrl", mcpUrl)
        .put("mcpTool", mcpTool)
        .put("mcpArgs", mcpArgs)
        .put("mcpPeer", mcpPeer)
        .put("mcpPeerTool", mcpPeerTool)
        .put("mcpPeerArgs", mcpPeerArgs)
        .put("collabClients", collabClients)
        .put("collabSeconds", collabSeconds)
        .put("editRatePerSecond", editRate)
        .put("collabSeed", collabSeed)
        .put("collabEditors", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(collabEditors == null ? List.of() : collabEditors)))
        .put("collabDocs", collabDocs)
        .put("editingSeconds", editingSeconds)
        .put("targetsRequested", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(targets())))
        .put("node", nodeGiven ? "running node given by --url/--ws" : "launched: " + serverJar + " -conf " + benchConf);
  }

  private static void noValue(String name, String value) {
    if (value != null) {
      throw new IllegalArgumentException("option " + name + " takes no value");
    }
  }

  private static String nonEmpty(String name, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("option " + name + " needs a non-empty value");
    }
    return value;
  }

  private static JsonObject jsonObject(String name, String value) {
    try {
      return new JsonObject(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("option " + name + " needs a JSON object, got '" + value + "'");
    }
  }

  private static int positive(String name, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // fall through
    }
    throw new IllegalArgumentException("option " + name + " needs a positive integer, got '" + value + "'");
  }

  private static String oneOf(String name, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException("option " + name + " needs one of " + allowed + ", got '" + value + "'");
    }
    return value;
  }

  private static List<Integer> sizes(String name, String value) {
    List<Integer> list = new java.util.ArrayList<>();
    for (String part : value.split(",")) {
      list.add(positive(name, part.trim()));
    }
    return List.copyOf(list);
  }

  private static String url(String name, String value, String scheme) {
    URI uri = null;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      // reported below
    }
    String s = uri == null ? null : uri.getScheme();
    if (s == null || !(s.equals(scheme) || s.equals(scheme + "s")) || uri.getHost() == null) {
      throw new IllegalArgumentException("option " + name + " needs a " + scheme + ":// or " + scheme + "s:// URL, got '" + value + "'");
    }
    return value;
  }
}
