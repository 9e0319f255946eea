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
 * MCP {@code tools/call} over Streamable HTTP: C callers, each with its own MCP session (initialize +
 * notifications/initialized), calling one tool in a closed loop until the time is up. Every response is checked:
 * a JSON-RPC error or a result with {@code isError: true} is an error.
 *
 * <p>Targets: Switchboard ({@code <url>/mcp} or {@code --mcp-url}, the run's token, {@code --mcp-tool} /
 * {@code --mcp-args}, by default the side-effect-free {@code list_sessions {"limit":1}}), or an MCP peer: a target
 * whose name starts with {@code mcp-} has the full MCP endpoint URL as its httpUrl, no token, and is called with
 * {@code --mcp-peer-tool} / {@code --mcp-peer-args} (by default {@code greet {"name":"load"}}, the tool of the
 * TypeScript SDK's simpleStreamableHttp example).
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
    int clients = o.httpClients;
    JsonObject settings = new JsonObject().put("target", t.name()).put("framing", "streamable http")
        .put("endpoint", endpoint).put("tool", tool).put("arguments", args)
        .put("clients", clients).put("seconds", o.httpSeconds);
    ScenarioResult result = new ScenarioResult("mcp", settings);
    Stats init = result.add(new Stats("initialize"));
    Stats calls = result.add(new Stats("tools/call"));
    long[] streamed = {0, 0}; // responses in an event stream, as plain JSON
    HttpClient http = HttpCalls.client(vertx, clients);
    Context ctx = vertx.getOrCreateContext();
    long planned = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.httpSeconds);
    long end = Math.min(planned, rc.deadline());
    JsonObject params = new JsonObject().put("name", tool).put("arguments", args);
    init.start();
    calls.start();
    progress("mcp", clients + " callers of " + tool + " for " + o.httpSeconds + " s at " + endpoint);
    long ticker = vertx.setPeriodic(2000, id -> progress("mcp", calls.count() + " calls, " + result.errors() + " errors"));
    List<McpClient> sessions = new ArrayList<>();
    List<Future<Integer>> loops = new ArrayList<>();
    List<Future<?>> initialized = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int caller = c;
      McpClient mcp = new McpClient(http, endpoint, token);
      long t0 = System.nanoTime();
      Future<McpClient.Answer> handshake = mcp.initialize();
      initialized.add(handshake);
      Future<Integer> loop = handshake.transform(ar -> {
        if (ar.failed()) {
          init.error();
          result.errorSample("caller " + caller + ": " + ar.cause().getMessage());
          return Future.succeededFuture(0);
        }
        init.recordNanos(System.nanoTime() - t0);
        init.bytes(ar.result().bytes());
        sessions.add(mcp);
        settings.put("protocolVersion", mcp.protocolVersion());
        return sequential(ctx, Integer.MAX_VALUE, end, i -> {
          long t1 = System.nanoTime();
          return mcp.request("tools/call", params).transform(call -> {
            String problem = call.failed() ? call.cause().getMessage() : JsonRpc.toolCallProblem(call.result().response());
            if (call.succeeded()) {
              calls.bytes(call.result().bytes());
              streamed[call.result().streamed() ? 0 : 1]++;
            }
            if (problem != null) {
              calls.error();
              result.errorSample("caller " + caller + " call " + i + ": " + problem);
            } else {
              calls.recordNanos(System.nanoTime() - t1);
            }
            return Future.succeededFuture();
          });
        });
      });
      loops.add(loop);
    }
    // the initialize rate is over the handshakes' own window, not the whole run
    Future.join(initialized).onComplete(v -> init.stop());
    return Future.join(loops).map(v -> {
      calls.stop();
      settings.put("responses", new JsonObject().put("eventStream", streamed[0]).put("json", streamed[1]));
      result.truncated(end < planned);
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
}
