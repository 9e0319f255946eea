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

/**
 * Ping round trip on one connection, after as many unrecorded round trips (at most {@value #MAX_WARM_UP}): run
 * alone, {@code ping} meets a freshly started server, whose first thousands of frames measure its JIT compiler.
 */
public final class PingScenario implements Scenario {

  static final int MAX_WARM_UP = 10_000;

  static int warmUp(int pings) {
    return Math.min(MAX_WARM_UP, pings);
  }

  @Override
  public String name() {
    return "ping";
  }

  /** Sequential ping round trips on one connection: client send → {@code pong} with the same ts. */
  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    ScenarioResult result = new ScenarioResult("ping", new JsonObject().put("pings", o.pings)
        .put("warmUpPings", warmUp(o.pings)));
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
      java.util.function.BiFunction<Integer, Stats, Future<?>> round = (i, recorded) -> {
        Promise<Void> p = Promise.promise();
        pending[0] = p;
        expectedTs[0] = base + i; // a plausible epoch-ms value, unique per ping
        long t0 = System.nanoTime();
        conn.send(new JsonObject().put("type", "ping").put("ts", expectedTs[0])).onFailure(p::tryFail);
        return p.future().timeout(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .onSuccess(v -> {
              if (recorded != null) {
                recorded.recordNanos(System.nanoTime() - t0);
              }
            })
            .onFailure(err -> {
              stats.error();
              result.errorSample((recorded == null ? "warm-up " : "") + "ping " + i + ": " + err.getMessage());
            })
            .onComplete(ar -> pending[0] = null);
      };
      int warmUp = warmUp(o.pings);
      progress("ping", warmUp + " warm-up round trips (not recorded)");
      return sequential(ctx, warmUp, rc.deadline(), i -> round.apply(-1 - i, null)).compose(w -> {
        stats.start();
        return sequential(ctx, o.pings, rc.deadline(), i -> round.apply(i, stats).onComplete(ar -> {
          if ((i + 1) % every == 0) {
            progress("ping", (i + 1) + "/" + o.pings + " round trips, " + stats.errorCount() + " errors");
          }
        }));
      }).map(ran -> {
        stats.stop();
        result.truncated(ran < o.pings);
        return result;
      }).eventually(conn::close);
    }).eventually(client::close);
  }
}
