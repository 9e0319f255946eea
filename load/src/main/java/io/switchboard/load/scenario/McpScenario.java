package io.switchboard.load.scenario;

import io.switchboard.load.client.HttpCalls;
import io.switchboard.load.client.JsonRpc;
import io.switchboard.load.client.McpClient;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.Target;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.progress;
import static io.switchboard.load.scenario.Steps.sequential;

/**
 * MCP over Streamable HTTP, the same measures on every target: C callers, each with its own MCP session (initialize +
 * notifications/initialized), calling one trivial tool in a closed loop ({@code tools/call}, the measure compared
 * with the peers); then C callers each running whole agent sessions in a loop ({@code agent session}: initialize →
 * initialized → one call → DELETE). On Switchboard two more phases call its own tools as separate measures: the
 * cluster-wide {@code list_sessions {"limit":1}} and {@code publish}. Every response is checked: a JSON-RPC error or a
 * result with {@code isError: true} is an error.
 *
 * <p>The trivial tool: on the peers {@code --mcp-peer-tool} / {@code --mcp-peer-args} (default {@code greet
 * {"name":"load"}}, the TypeScript SDK example's tool, which the Java peer has too); on Switchboard {@code --mcp-tool}
 * / {@code --mcp-args} (default the conformance fixture's {@code test_simple_text {}}, a fixed text answer, which
 * load/bench-node.json turns on with {@code mcp.conformance-fixture}). A target whose name starts with {@code mcp-} is
 * a peer: its httpUrl is the MCP endpoint, no token.
 */
public final class McpScenario implements Scenario {

  public static final String PEER_PREFIX = "mcp-";

  @Override
  public String name() {
    return "mcp";
  }

  @Override
  public boolean supports(Target t) {
    return t.switchboard() || isPeer(t);
  }

  static boolean isPeer(Target t) {
    return t.name().startsWith(PEER_PREFIX);
  }

  /** One closed-loop phase: C callers on their own sessions calling one tool; a warm-up is not recorded. */
  private record Phase(String label, JsonObject params, long seconds, boolean recorded) {
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    Target t = rc.target();
    boolean peer = isPeer(t);
    String endpoint = peer ? t.httpUrl() : o.mcpUrl != null ? o.mcpUrl : HttpCalls.base(t.httpUrl()) + "/mcp";
    String token = peer ? null : rc.token();
    String tool = peer ? o.mcpPeerTool : o.mcpTool;
    JsonObject args = peer ? o.mcpPeerArgs : o.mcpArgs;
    int clients = o.mcpClients;
    JsonObject settings = new JsonObject().put("target", t.name()).put("framing", "streamable http")
        .put("endpoint", endpoint).put("tool", tool).put("arguments", args)
        .put("clients", clients).put("seconds", o.httpSeconds);
    ScenarioResult result = new ScenarioResult("mcp", settings);
    Stats init = result.add(new Stats("initialize"));
    List<Phase> phases = new ArrayList<>();
    JsonObject trivial = new JsonObject().put("name", tool).put("arguments", args);
    // Every target first answers the same calls unrecorded for half the time: the first phase against a fresh server
    // otherwise measures its JIT compiler (Switchboard's trivial tool came out slower than its heavier tools after it).
    long warmUp = Math.max(1, o.httpSeconds / 2);
    phases.add(new Phase("warm-up", trivial, warmUp, false));
    phases.add(new Phase("tools/call", trivial, o.httpSeconds, true));
    settings.put("warmUpSeconds", warmUp);
    if (!peer) {
      long own = Math.max(1, o.httpSeconds / 2);
      phases.add(new Phase("tools/call list_sessions", new JsonObject().put("name", "list_sessions")
          .put("arguments", new JsonObject().put("limit", 1)), own, true));
      phases.add(new Phase("tools/call publish", new JsonObject().put("name", "publish").put("arguments",
          new JsonObject().put("topic", "public.load.mcp").put("payload", new JsonObject().put("n", 1))), own, true));
      settings.put("ownTools", new io.vertx.core.json.JsonArray().add("list_sessions").add("publish"))
          .put("ownToolSeconds", own);
    }
    long[] streamed = {0, 0}; // responses in an event stream, as plain JSON
    HttpClient http = HttpCalls.client(vertx, clients);
    Context ctx = vertx.getOrCreateContext();
    long deadline = rc.deadline();
    long ticker = vertx.setPeriodic(2000, id -> progress("mcp", result.errors() + " errors so far"));
    List<McpClient> sessions = new ArrayList<>();
    List<Future<?>> initialized = new ArrayList<>();
    init.start();
    progress("mcp", clients + " callers initialize at " + endpoint);
    for (int c = 0; c < clients; c++) {
      int caller = c;
      McpClient mcp = new McpClient(http, endpoint, token);
      long t0 = System.nanoTime();
      initialized.add(mcp.initialize().onComplete(ar -> {
        if (ar.failed()) {
          init.error();
          result.errorSample("caller " + caller + ": " + ar.cause().getMessage());
          return;
        }
        init.recordNanos(System.nanoTime() - t0);
        init.bytes(ar.result().bytes());
        sessions.add(mcp);
        settings.put("protocolVersion", mcp.protocolVersion());
      }));
    }
    // the initialize rate is over the handshakes' own window, not the whole run
    Future<Void> chain = Future.join(initialized).<Void>transform(v -> {
      init.stop();
      return Future.succeededFuture();
    });
    for (Phase phase : phases) {
      chain = chain.compose(v -> calls(ctx, phase, new ArrayList<>(sessions), result, streamed, deadline));
    }
    Stats agents = result.add(new Stats("agent session"));
    JsonObject agentCall = trivial;
    chain = chain.compose(v -> agentSessions(ctx, http, endpoint, token, clients, agentCall, o.httpSeconds, agents,
        result, deadline));
    return chain.map(v -> {
      settings.put("responses", new JsonObject().put("eventStream", streamed[0]).put("json", streamed[1]));
      result.truncated(System.nanoTime() - deadline > 0);
      return result;
    }).eventually(() -> {
      vertx.cancelTimer(ticker);
      List<Future<Void>> closing = new ArrayList<>();
      sessions.forEach(s -> closing.add(s.close().onFailure(err -> {
        init.error();
        result.errorSample(err.getMessage());
      })));
      return Future.join(closing).eventually(http::close);
    });
  }

  /** Every session calls the phase's tool in a closed loop for the phase's seconds. */
  private static Future<Void> calls(Context ctx, Phase phase, List<McpClient> sessions, ScenarioResult result,
                                    long[] streamed, long deadline) {
    Stats calls = phase.recorded() ? result.add(new Stats(phase.label())) : new Stats(phase.label());
    long end = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(phase.seconds()), deadline);
    progress("mcp", sessions.size() + " callers: " + phase.label() + " " + phase.params().getString("name") + " for "
        + phase.seconds() + " s");
    calls.start();
    List<Future<Integer>> loops = new ArrayList<>();
    for (int c = 0; c < sessions.size(); c++) {
      int caller = c;
      McpClient mcp = sessions.get(c);
      loops.add(sequential(ctx, Integer.MAX_VALUE, end, i -> {
        long t1 = System.nanoTime();
        return mcp.request("tools/call", phase.params()).transform(call -> {
          String problem = call.failed() ? call.cause().getMessage() : JsonRpc.toolCallProblem(call.result().response());
          if (call.succeeded()) {
            calls.bytes(call.result().bytes());
            streamed[call.result().streamed() ? 0 : 1]++;
          }
          if (problem != null) {
            calls.error();
            result.errorSample(phase.label() + ", caller " + caller + " call " + i + ": " + problem);
          } else {
            calls.recordNanos(System.nanoTime() - t1);
          }
          return Future.succeededFuture();
        });
      }));
    }
    return Future.join(loops).<Void>mapEmpty().onComplete(v -> calls.stop());
  }

  /** C callers, each running whole agent sessions (initialize, initialized, one call, DELETE) in a closed loop. */
  private static Future<Void> agentSessions(Context ctx, HttpClient http, String endpoint, String token, int clients,
                                            JsonObject call, long seconds, Stats agents, ScenarioResult result,
                                            long deadline) {
    long end = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), deadline);
    progress("mcp", clients + " callers: whole agent sessions (initialize, call, DELETE) for " + seconds + " s");
    agents.start();
    List<Future<Integer>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int caller = c;
      loops.add(sequential(ctx, Integer.MAX_VALUE, end, i -> {
        long t0 = System.nanoTime();
        McpClient mcp = new McpClient(http, endpoint, token);
        return mcp.initialize()
            .compose(a -> mcp.request("tools/call", call))
            .compose(answer -> {
              String problem = JsonRpc.toolCallProblem(answer.response());
              return problem == null ? mcp.close() : Future.failedFuture(problem);
            })
            .transform(ar -> {
              if (ar.failed()) {
                agents.error();
                result.errorSample("agent session, caller " + caller + " session " + i + ": " + ar.cause().getMessage());
              } else {
                agents.recordNanos(System.nanoTime() - t0);
              }
              return Future.succeededFuture();
            });
      }));
    }
    return Future.join(loops).<Void>mapEmpty().onComplete(v -> agents.stop());
  }
}
