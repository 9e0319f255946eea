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
      "usage: java -jar switchboard-load.jar <connect|ping|fanout|ceiling|suite> [options]",
      "  --url URL            HTTP base of the node (default http://127.0.0.1:8080), for the dev token",
      "  --ws URL             WebSocket endpoint (default ws://127.0.0.1:8081/ws)",
      "  --token JWT          token to use; without it a dev token is fetched from POST <url>/api/auth/token",
      "  --quick              small sizes (the whole suite in well under a minute)",
      "  --out FILE           write the JSON result there",
      "  --connections N      connect: sequential connections (default 1000, quick 200)",
      "  --pings N            ping: round trips (default 10000, quick 2000)",
      "  --subscribers S      fanout: subscribers (default 200, quick 50)",
      "  --messages M         fanout: messages published (default 500, quick 100)",
      "  --rate R             fanout: publishes per second (default 50; the node allows 100 per connection)",
      "  --max-seconds T      time bound of each scenario (default 120, quick 20)",
      "  --targets LIST       servers to measure, comma-separated: " + String.join(",", TargetKind.ids()),
      "                       (default: all for suite, switchboard otherwise); peers need no token",
      "  --server-jar PATH    the node's fat jar to launch (default verticles/target/switchboard.jar);",
      "                       --url or --ws instead measures a node that is already running",
      "  --bench-conf PATH    the node's -conf file (default load/bench-node.json)",
      "  --peers-dir PATH     the Node.js peers (default load/peers; npm ci runs there when node_modules is missing)",
      "  --node PATH          the Node.js binary for the peers (default node)",
      "  --help");

  public String command;
  public String url = "http://127.0.0.1:8080";
  public String ws = "ws://127.0.0.1:8081/ws";
  public String token;
  public boolean quick;
  public String out;
  public int connections;
  public int pings;
  public int subscribers;
  public int messages;
  public int rate = 50;
  public int maxSeconds;
  public boolean help;
  /** --url or --ws was given: measure that running node instead of launching one. */
  public boolean nodeGiven;
  /** --targets as given, or null for the default (see {@link #targets()}). */
  public List<String> targets;
  public String serverJar = "verticles/target/switchboard.jar";
  public String benchConf = "load/bench-node.json";
  public String peersDir = "load/peers";
  public String node = "node";

  public static Options parse(String... args) {
    Options o = new Options();
    Integer connections = null, pings = null, subscribers = null, messages = null, maxSeconds = null;
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
            case "--ws" -> { o.ws = url(name, value, "ws"); o.nodeGiven = true; }
            case "--targets" -> o.targets = targets(name, value);
            case "--server-jar" -> o.serverJar = nonEmpty(name, value);
            case "--bench-conf" -> o.benchConf = nonEmpty(name, value);
            case "--peers-dir" -> o.peersDir = nonEmpty(name, value);
            case "--node" -> o.node = nonEmpty(name, value);
            case "--token" -> o.token = nonEmpty(name, value);
            case "--out" -> o.out = nonEmpty(name, value);
            case "--connections" -> connections = positive(name, value);
            case "--pings" -> pings = positive(name, value);
            case "--subscribers" -> subscribers = positive(name, value);
            case "--messages" -> messages = positive(name, value);
            case "--rate" -> o.rate = positive(name, value);
            case "--max-seconds" -> maxSeconds = positive(name, value);
            default -> throw new IllegalArgumentException("unknown option " + name);
          }
        }
      }
    }
    if (o.command == null && !o.help) {
      throw new IllegalArgumentException("no scenario given; expected one of " + COMMANDS);
    }
    o.connections = connections != null ? connections : (o.quick ? 200 : 1000);
    o.pings = pings != null ? pings : (o.quick ? 2000 : 10000);
    o.subscribers = subscribers != null ? subscribers : (o.quick ? 50 : 200);
    o.messages = messages != null ? messages : (o.quick ? 100 : 500);
    o.maxSeconds = maxSeconds != null ? maxSeconds : (o.quick ? 20 : 120);
    return o;
  }

  public List<String> scenarios() {
    return "suite".equals(command) ? ScenarioRegistry.names() : List.of(command);
  }

  /** The servers to measure: --targets, else every kind for {@code suite}, else Switchboard alone. */
  public List<String> targets() {
    if (targets != null) {
      return targets;
    }
    return "suite".equals(command) ? TargetKind.ids() : List.of(TargetKind.SWITCHBOARD.id);
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
