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

/** Ping round trip on one connection. */
public final class PingScenario implements Scenario {

  @Override
  public String name() {
    return "ping";
  }

  /** Sequential ping round trips on one connection: client send → {@code pong} with the same ts. */
  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    ScenarioResult result = new ScenarioResult("ping", new JsonObject().put("pings", o.pings));
    Stats stats = result.add(new Stats("ping->pong"));
    WebSocketClient client = Conn.client(vertx, 1);
    Context ctx = vertx.getOrCreateContext();
    int every = Math.max(1, o.pings / 4);
    Promise<?>[] pending = new Promise<?>[1];
    long[] expectedTs = new long[1];
    long base = System.currentTimeMillis();
    return rc.open(client).compose(conn -> {
      conn.handler(m -> {
        @SuppressWarnings("unchecked")
        Promise<Void> p = (Promise<Void>) pending[0];
        if (p == null) {
          return;
        }
        String type = m.getString("type");
        if ("pong".equals(type) && Long.valueOf(expectedTs[0]).equals(m.getLong("ts"))) {
          p.tryComplete();
        } else if ("error".equals(type)) {
          p.tryFail("error " + m.getString("code") + ": " + m.getString("message"));
        }
      });
      conn.closeHandler(() -> {
        if (pending[0] != null) {
          pending[0].tryFail("connection closed");
        }
      });
      stats.start();
      return sequential(ctx, o.pings, rc.deadline(), i -> {
        Promise<Void> p = Promise.promise();
        pending[0] = p;
        expectedTs[0] = base + i; // a plausible epoch-ms value, unique per ping
        long t0 = System.nanoTime();
        conn.send(new JsonObject().put("type", "ping").put("ts", expectedTs[0])).onFailure(p::tryFail);
        return p.future().timeout(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .onSuccess(v -> stats.recordNanos(System.nanoTime() - t0))
            .onFailure(err -> {
              stats.error();
              result.errorSample("ping " + i + ": " + err.getMessage());
            })
            .onComplete(ar -> {
              pending[0] = null;
              if ((i + 1) % every == 0) {
                progress("ping", (i + 1) + "/" + o.pings + " round trips, " + stats.errorCount() + " errors");
              }
            });
      }).map(ran -> {
        stats.stop();
        result.truncated(ran < o.pings);
        return result;
      }).eventually(conn::close);
    }).eventually(client::close);
  }
}
