package io.switchboard.load.scenario;

import io.switchboard.load.client.Conn;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static io.switchboard.load.scenario.Steps.progress;
import static io.switchboard.load.scenario.Steps.sequential;

/**
 * Connection latency: N sequential connections, each until the node's {@code ready}, then closed. A warm-up of the
 * same kind comes first and is not recorded ({@link #warmUp}: 8N, at most {@value #MAX_WARM_UP}), on every target
 * alike: {@code connect} is the first scenario against a freshly started server, and without it the figure is
 * the JIT compiler's, not the handshake's (the bigger the server's code, the longer its warm-up).
 *
 * <p>On Switchboard every connection, warm-up included, has a token of its own (a user each, fetched before the
 * run), so the node verifies every one in full: the same token on every connection would be served from the node's
 * cache of recently verified tokens, which a real reconnecting client may hit but a crowd of new users does not.
 */
public final class ConnectScenario implements Scenario {

  /**
   * 2N (at most 3,000) was too short for Switchboard's JIT: on one fresh node, 1,000 measured after 2,000 gave
   * 1,075/s, the same again 1,141/s, a third time 1,416/s (p99 4,055 → 795 µs).
   */
  static final int MAX_WARM_UP = 8000;

  static int warmUp(int connections) {
    return Math.min(MAX_WARM_UP, connections * 8);
  }

  /**
   * After those, the warm-up goes on until this long after it began (full profile; none in the quick one), on every
   * target alike, the later connections reusing the warm-up's tokens. 8,000 connections were not enough for a
   * Switchboard node: 16–21 s into a run its C2 compiler thread still used 68 % of a core (one C2 thread on a 2-core
   * machine, and a node has far more code than a relay), and was done at ~50 s (the relay's by ~40 s); the measured
   * phase then measured compilation as much as the handshake (docs/benchmarks.md, "what the connect figure is made
   * of").
   */
  static final int WARM_UP_SECONDS = 50;

  static int warmUpSeconds(boolean quick) {
    return quick ? 0 : WARM_UP_SECONDS;
  }

  @Override
  public String name() {
    return "connect";
  }

  /** N sequential connections: TCP connect + upgrade + JWT check until {@code ready}, then close. */
  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    int warmUp = warmUp(o.connections);
    int warmUpSeconds = warmUpSeconds(o.quick);
    ScenarioResult result = new ScenarioResult("connect", new JsonObject().put("connections", o.connections)
        .put("warmUpConnections", warmUp).put("warmUpSeconds", warmUpSeconds));
    Stats stats = result.add(new Stats("connect->ready"));
    WebSocketClient client = Conn.client(vertx, 4);
    Context ctx = vertx.getOrCreateContext();
    int every = Math.max(1, o.connections / 4);
    boolean own = rc.tokenPerConnection();
    result.settings().put("tokenPerConnection", own);
    Future<List<String>> tokens = own
        ? Conn.devTokens(vertx, rc.target().httpUrl(), "connect-" + UUID.randomUUID().toString().substring(0, 8) + "-",
            warmUp + o.connections)
        : Future.succeededFuture(null);
    return tokens.compose(t -> {
      // the i-th connection's token, warm-up first: a user of its own, or the run's one token (peers: none)
      IntFunction<String> tokenAt = i -> t == null ? rc.token() : t.get(i);
      progress("connect", warmUp + " warm-up connections (not recorded)"
          + (warmUpSeconds > 0 ? ", then more until " + warmUpSeconds + " s have passed" : "")
          + (own ? ", every connection with a token of its own" : ""));
      long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
      Future<Integer> warm = sequential(ctx, warmUp, rc.deadline(), i -> rc.open(client, tokenAt.apply(i))
          .compose(Conn::close)
          .onFailure(err -> result.errorSample("warm-up connection " + i + ": " + err.getMessage())).otherwiseEmpty())
          // then on until warmUntil, reusing the warm-up's tokens (its first 8N verified each one in full)
          .compose(n -> sequential(ctx, Integer.MAX_VALUE, Math.min(warmUntil, rc.deadline()), i -> rc.open(client,
              tokenAt.apply(i % Math.max(1, warmUp))).compose(Conn::close).otherwiseEmpty()).map(m -> n + m));
      return warm.compose(w -> {
        result.settings().put("warmUpConnectionsMade", w);
        stats.start();
        return measure(rc, client, ctx, result, stats, every, i -> tokenAt.apply(warmUp + i));
      });
    }).eventually(client::close);
  }

  private static Future<ScenarioResult> measure(RunContext rc, WebSocketClient client, Context ctx, ScenarioResult result,
                                                Stats stats, int every, IntFunction<String> token) {
    var o = rc.options();
    return sequential(ctx, o.connections, rc.deadline(), i -> {
      long t0 = System.nanoTime();
      return rc.open(client, token.apply(i))
          .onSuccess(c -> stats.recordNanos(System.nanoTime() - t0))
          .compose(Conn::close)
          .onFailure(err -> {
            stats.error();
            result.errorSample("connection " + i + ": " + err.getMessage());
          })
          .onComplete(ar -> {
            if ((i + 1) % every == 0) {
              progress("connect", (i + 1) + "/" + o.connections + " connections, " + stats.errorCount() + " errors");
            }
          });
    }).map(ran -> {
      stats.stop();
      result.truncated(ran < o.connections);
      return result;
    });
  }
}
