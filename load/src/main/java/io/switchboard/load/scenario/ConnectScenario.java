package io.switchboard.load.scenario;

import io.switchboard.load.client.Conn;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static io.switchboard.load.scenario.Steps.DRAIN_TIMEOUT_MS;
import static io.switchboard.load.scenario.Steps.STEP_TIMEOUT_MS;
import static io.switchboard.load.scenario.Steps.progress;
import static io.switchboard.load.scenario.Steps.sequential;

/** Connection latency: N sequential connections, each until the node's {@code ready}, then closed. */
public final class ConnectScenario implements Scenario {

  @Override
  public String name() {
    return "connect";
  }

  /** N sequential connections: TCP connect + upgrade + JWT check until {@code ready}, then close. */
  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    ScenarioResult result = new ScenarioResult("connect", new JsonObject().put("connections", o.connections));
    Stats stats = result.add(new Stats("connect->ready"));
    WebSocketClient client = Conn.client(vertx, 4);
    Context ctx = vertx.getOrCreateContext();
    int every = Math.max(1, o.connections / 4);
    stats.start();
    return sequential(ctx, o.connections, rc.deadline(), i -> {
      long t0 = System.nanoTime();
      return rc.open(client)
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
    }).eventually(client::close);
  }
}
