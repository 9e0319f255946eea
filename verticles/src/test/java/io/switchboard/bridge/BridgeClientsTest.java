package io.switchboard.bridge;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The example clients (clients/python, clients/node) against a live node, as subprocesses: a publish reaches a
 * WebSocket subscriber as a {@code deliver}, the session RPC answers, and an MCP tools/call on {@code /mcp} reaches
 * the tool they serve and returns its result. With CI=true a missing interpreter fails the test.
 */
class BridgeClientsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static Vertx vertx;
  private static Tokens tokens;
  private static int httpPort;
  private static int wsPort;
  private static int bridgePort;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx, TestNodes.SECRET);
    httpPort = TestNodes.freePort();
    JsonObject config = TestNodes.config(httpPort);
    wsPort = config.getInteger("ws.port");
    bridgePort = config.getInteger("bridge.tcp.port");
    TcpBridgeTest.await(TestNodes.deploy(vertx, config));
  }

  @AfterAll
  static void stop() throws Exception {
    TcpBridgeTest.await(vertx.close());
  }

  @Test
  void python() throws Exception {
    exercise(List.of(interpreter("python3"), ROOT.resolve("clients/python/switchboard_bridge.py").toString()), "python");
  }

  @Test
  void node() throws Exception {
    exercise(List.of(interpreter("/usr/bin/node"), ROOT.resolve("clients/node/switchboard-bridge.mjs").toString()), "node");
  }

  @Test
  void pythonSaysWhatWasRefused() throws Exception {
    refusals(List.of(interpreter("python3"), ROOT.resolve("clients/python/switchboard_bridge.py").toString()));
  }

  @Test
  void nodeSaysWhatWasRefused() throws Exception {
    refusals(List.of(interpreter("/usr/bin/node"), ROOT.resolve("clients/node/switchboard-bridge.mjs").toString()));
  }

  /**
   * A refusal is one line saying why (exit 1), an unreachable bridge one line saying so (exit 2): never a traceback
   * (the Python client died with one on both).
   */
  private static void refusals(List<String> cli) throws Exception {
    String[] badToken = outcome(cli, "--port", String.valueOf(bridgePort), "--token", "not-a-token",
      "publish", "public.x", "{}");
    assertEquals("1", badToken[0], badToken[1]);
    assertTrue(badToken[1].startsWith("refused: unauthorized (401): "), badToken[1]);
    String[] forbidden = outcome(cli, "--port", String.valueOf(bridgePort), "--token", tokens.token("quinn", "user"),
      "publish", "secret.elsewhere", "{}");
    assertEquals("1", forbidden[0], forbidden[1]);
    assertTrue(forbidden[1].startsWith("refused: forbidden (403): "), forbidden[1]);
    String[] unreachable = outcome(cli, "--port", String.valueOf(TestNodes.freePort()), "--token", "x",
      "publish", "public.x", "{}");
    assertEquals("2", unreachable[0], unreachable[1]);
    assertTrue(unreachable[1].startsWith("cannot reach the bridge"), unreachable[1]);
  }

  /** Runs the CLI (30 s at most): {exit status, stderr}; stderr must hold no traceback. */
  private static String[] outcome(List<String> cli, String... args) throws Exception {
    List<String> command = new ArrayList<>(cli);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", args));
    }
    assertTrue(!stderr.contains("Traceback") && !stderr.contains("    at "), stderr);
    return new String[]{String.valueOf(p.exitValue()), stderr.trim()};
  }

  private static String interpreter(String name) {
    String found = name.startsWith("/") ? (new File(name).canExecute() ? name : null) : onPath(name);
    if (found == null) {
      if ("true".equals(System.getenv("CI"))) {
        fail(name + " is required in CI to test the example bridge clients, and was not found");
      }
      System.err.println("SKIPPED: " + name + " not found, the example bridge client is not tested");
      Assumptions.abort(name + " not found");
    }
    return found;
  }

  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }

  private void exercise(List<String> cli, String lang) throws Exception {
    String user = lang + "user";
    String token = tokens.token(user, "user");
    List<String> base = new ArrayList<>(cli);
    base.addAll(List.of("--port", String.valueOf(bridgePort), "--token", token));

    // 1. publish -> a WebSocket subscriber gets a deliver
    WsClient ws = TcpBridgeTest.await(WsClient.connect(vertx, wsPort, tokens.token("watcher", "user"), Encoding.JSON));
    try {
      String topic = "public.bridge." + lang;
      TcpBridgeTest.await(ws.next("ready").compose(r -> ws.send(new JsonObject().put("type", "subscribe")
        .put("id", "s1").put("topic", topic))).compose(v -> ws.next("subscribed")));
      List<JsonObject> out = run(base, "publish", topic, "{\"from\":\"" + lang + "\"}");
      assertEquals(user, out.get(0).getJsonObject("login").getString("user"), out.toString());
      assertNotNull(out.get(1).getJsonObject("published").getValue("seq"), out.toString());
      JsonObject deliver = TcpBridgeTest.await(ws.next("deliver"));
      assertEquals(topic, deliver.getString("topic"));
      assertEquals(lang, deliver.getJsonObject("payload").getString("from"));
    } finally {
      TcpBridgeTest.await(ws.close());
    }

    // 2. session RPC
    List<JsonObject> out = run(base, "sessions");
    assertTrue(out.get(1).getJsonObject("sessions").getValue("items") instanceof JsonArray, out.toString());

    // 3. an MCP tool served by the client, called over /mcp
    List<String> serve = new ArrayList<>(base);
    serve.addAll(List.of("serve-tool", lang + "_echo", "--seconds", "60"));
    Process p = new ProcessBuilder(serve).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          r.lines().forEach(lines::add);
        } catch (Exception ignored) {
          // process killed
        }
      });
      reader.setDaemon(true);
      reader.start();
      String line;
      do {
        line = lines.poll(20, TimeUnit.SECONDS);
        assertNotNull(line, "the " + lang + " client did not start serving its tool");
      } while (!line.contains("\"serving\""));
      JsonObject result = callTool(tokens.token("agent", "user"), lang + "_echo", new JsonObject().put("text", "hi"));
      assertEquals(lang + " echo: hi", result.getJsonArray("content").getJsonObject(0).getString("text"), result.encode());
      String called = lines.poll(10, TimeUnit.SECONDS);
      assertNotNull(called);
      assertEquals("agent", new JsonObject(called).getString("by"), called);
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  /** Runs the CLI to completion (30 s at most); its stdout lines as JSON. */
  private static List<JsonObject> run(List<String> base, String... args) throws Exception {
    List<String> command = new ArrayList<>(base);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", args));
    }
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "exit status of " + String.join(" ", args) + "; stdout: " + stdout);
    return stdout.lines().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
  }

  /** initialize, notifications/initialized, tools/call over POST /mcp; the call's result. */
  private static JsonObject callTool(String token, String name, JsonObject arguments) throws Exception {
    WebClient web = WebClient.create(vertx);
    try {
      JsonObject init = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize").put("params",
        new JsonObject().put("protocolVersion", "2025-11-25").put("capabilities", new JsonObject())
          .put("clientInfo", new JsonObject().put("name", "bridge-test").put("version", "1")));
      HttpResponse<Buffer> r = TcpBridgeTest.await(post(web, token, null, null, init));
      assertEquals(200, r.statusCode(), r.bodyAsString());
      String session = r.getHeader("Mcp-Session-Id");
      String version = message(r).getJsonObject("result").getString("protocolVersion");
      TcpBridgeTest.await(post(web, token, session, version, new JsonObject().put("jsonrpc", "2.0")
        .put("method", "notifications/initialized")));
      r = TcpBridgeTest.await(post(web, token, session, version, new JsonObject().put("jsonrpc", "2.0").put("id", 2)
        .put("method", "tools/call").put("params", new JsonObject().put("name", name).put("arguments", arguments))));
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonObject m = message(r);
      assertNotNull(m.getJsonObject("result"), m.encode());
      return m.getJsonObject("result");
    } finally {
      web.close();
    }
  }

  private static Future<HttpResponse<Buffer>> post(WebClient web, String token, String session, String version, JsonObject body) {
    var req = web.post(httpPort, "127.0.0.1", "/mcp").putHeader("Accept", "application/json, text/event-stream")
      .putHeader("Content-Type", "application/json").bearerTokenAuthentication(token);
    if (session != null) {
      req.putHeader("Mcp-Session-Id", session);
    }
    if (version != null) {
      req.putHeader("MCP-Protocol-Version", version);
    }
    return req.sendJsonObject(body);
  }

  /** The JSON-RPC response in a JSON or SSE body. */
  private static JsonObject message(HttpResponse<Buffer> r) {
    String body = r.bodyAsString();
    if (String.valueOf(r.getHeader("Content-Type")).startsWith("text/event-stream")) {
      for (String line : body.split("\n")) {
        if (line.startsWith("data:") && line.length() > 6) {
          JsonObject m = new JsonObject(line.substring(5).trim());
          if (m.containsKey("id")) {
            return m;
          }
        }
      }
      fail("no response in the event stream: " + body);
    }
    return new JsonObject(body);
  }
}
