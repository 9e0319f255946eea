package io.switchboard.load;

import io.switchboard.load.scenario.ScenarioRegistry;
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
      "usage: java -jar switchboard-load.jar <connect|ping|fanout|rest|mcp|collab|suite> [options]",
      "  --url URL            HTTP base of the node (default http://127.0.0.1:8080), for the dev token",
      "  --ws URL             WebSocket endpoint (default ws://127.0.0.1:8081/ws)",
      "  --token JWT          token to use; without it a dev token is fetched from POST <url>/api/auth/token",
      "  --quick              small sizes (the whole suite in well under a minute)",
      "  --out FILE           write the JSON result there",
      "  --html FILE          write the self-contained HTML report there",
      "  --save-baseline FILE write the result as a baseline for compare",
      "  --connections N      connect: sequential connections (default 1000, quick 200)",
      "  --pings N            ping: round trips (default 10000, quick 2000)",
      "  --subscribers S      fanout: subscribers (default 200, quick 50)",
      "  --messages M         fanout: messages published (default 500, quick 100)",
      "  --rate R             fanout: publishes per second (default 50; the node allows 100 per connection)",
      "  --max-seconds T      time bound of each scenario (default 120, quick 20)",
      "  --http-clients C     rest, mcp: concurrent clients (default 8, quick 4)",
      "  --http-seconds S     rest, mcp: how long the clients loop (default 20, quick 5)",
      "  --page-size N        rest: limit of the list request (default 20)",
      "  --mcp-url URL        mcp: Switchboard's MCP endpoint (default <url>/mcp)",
      "  --mcp-tool NAME      mcp: tool called on Switchboard (default list_sessions)",
      "  --mcp-args JSON      mcp: its arguments (default {\"limit\":1})",
      "  --mcp-peer URL       mcp: measure this MCP endpoint (a peer: no token, the peer tool) instead of Switchboard",
      "  --mcp-peer-tool NAME mcp: tool called on MCP peers (targets named mcp-*; default greet)",
      "  --mcp-peer-args JSON mcp: its arguments (default {\"name\":\"load\"})",
      "  --collab-clients K   collab: editors of one document (default 4, quick 3)",
      "  --collab-seconds S   collab: how long they edit (default 20, quick 5)",
      "  --edit-rate R        collab: edits per second per editor (default 10)",
      "  --collab-seed N      collab: seed of the edit positions (default 7)",
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
  public int rate = 50;
  public int maxSeconds;
  public boolean help;
  public int httpClients;
  public int httpSeconds;
  public int pageSize = 20;
  public String mcpUrl;
  public String mcpTool = "list_sessions";
  public JsonObject mcpArgs = new JsonObject().put("limit", 1);
  public String mcpPeer;
  public String mcpPeerTool = "greet";
  public JsonObject mcpPeerArgs = new JsonObject().put("name", "load");
  public int collabClients;
  public int collabSeconds;
  public int editRate = 10;
  public long collabSeed = 7;

  public static Options parse(String... args) {
    Options o = new Options();
    Integer connections = null, pings = null, subscribers = null, messages = null, maxSeconds = null;
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
            case "--url" -> o.url = url(name, value, "http");
            case "--ws" -> o.ws = url(name, value, "ws");
            case "--token" -> o.token = nonEmpty(name, value);
            case "--out" -> o.out = nonEmpty(name, value);
            case "--html" -> o.html = nonEmpty(name, value);
            case "--save-baseline" -> o.saveBaseline = nonEmpty(name, value);
            case "--connections" -> connections = positive(name, value);
            case "--pings" -> pings = positive(name, value);
            case "--subscribers" -> subscribers = positive(name, value);
            case "--messages" -> messages = positive(name, value);
            case "--rate" -> o.rate = positive(name, value);
            case "--max-seconds" -> maxSeconds = positive(name, value);
            case "--http-clients" -> httpClients = positive(name, value);
            case "--http-seconds" -> httpSeconds = positive(name, value);
            case "--page-size" -> o.pageSize = positive(name, value);
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
    if (o.mcpPeer != null && !"mcp".equals(o.command)) {
      throw new IllegalArgumentException("option --mcp-peer goes with the mcp scenario only");
    }
    o.maxSeconds = maxSeconds != null ? maxSeconds : (o.quick ? 20 : 120);
    o.httpClients = httpClients != null ? httpClients : (o.quick ? 4 : 8);
    o.httpSeconds = httpSeconds != null ? httpSeconds : (o.quick ? 5 : 20);
    o.collabClients = collabClients != null ? collabClients : (o.quick ? 3 : 4);
    o.collabSeconds = collabSeconds != null ? collabSeconds : (o.quick ? 5 : 20);
    return o;
  }

  public List<String> scenarios() {
    return "suite".equals(command) ? ScenarioRegistry.names() : List.of(command);
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
        .put("httpClients", httpClients)
        .put("httpSeconds", httpSeconds)
        .put("pageSize", pageSize)
        .put("mcpUrl", mcpUrl)
        .put("mcpTool", mcpTool)
        .put("mcpArgs", mcpArgs)
        .put("mcpPeer", mcpPeer)
        .put("mcpPeerTool", mcpPeerTool)
        .put("mcpPeerArgs", mcpPeerArgs)
        .put("collabClients", collabClients)
        .put("collabSeconds", collabSeconds)
        .put("editRatePerSecond", editRate)
        .put("collabSeed", collabSeed);
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
