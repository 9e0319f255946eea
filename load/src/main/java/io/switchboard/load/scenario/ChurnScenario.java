package io.switchboard.load.scenario;

import io.switchboard.load.client.ClientPool;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.progress;

/**
 * Rapid connect/disconnect: {@code --churn-clients} parallel loops of connect → {@code ready} → close for
 * {@code --duration} seconds, after as many unrecorded seconds of the same (at most {@value #MAX_WARM_UP_SECONDS}):
 * run alone, {@code churn} meets a freshly started server, and a cold JVM measured its JIT compiler (Switchboard 1,314
 * cycles/s cold, then 3,106 after 5 s of warm-up and 7,245 after 25 s on the same node; with 10 s, 7,114). Measures connect → ready and the whole cycle
 * (connect → closed); the rate of the cycle measure is cycles per second.
 */
public final class ChurnScenario implements Scenario {

  @Override
  public String name() {
    return "churn";
  }

  /** Unrecorded cycles before the measured ones: the duration, at most this. */
  static final int MAX_WARM_UP_SECONDS = 10;

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    var o = rc.options();
    Context ctx = rc.vertx().getOrCreateContext();
    ClientPool pool = ClientPool.create(rc.vertx(), rc.target().wsUrl(), o.sourceAddresses, o.churnClients);
    int warmUp = Math.min(o.duration, MAX_WARM_UP_SECONDS);
    ScenarioResult result = new ScenarioResult(name(), rc.settings().put("loops", o.churnClients).put("seconds", o.duration)
        .put("warmUpSeconds", warmUp).put("sourceAddresses", new JsonArray(new ArrayList<>(pool.addresses()))));
    Stats ready = result.add(new Stats("connect->ready"));
    Stats cycle = result.add(new Stats("connect->closed (cycle)"));
    long deadline = rc.deadline();
    progress(name(), warmUp + " s of warm-up cycles (not recorded)");
    long warmEnd = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUp), deadline);
    return cycles(rc, pool, ctx, warmEnd, null, null, result).compose(w -> {
      long end = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(o.duration), deadline);
      ready.start();
      cycle.start();
      return cycles(rc, pool, ctx, end, ready, cycle, result);
    }).transform(ar -> {
      ready.stop();
      cycle.stop();
      result.truncated(System.nanoTime() - deadline > 0);
      progress(name(), cycle.count() + " cycles, " + Math.round(cycle.rate()) + "/s, " + cycle.errorCount() + " errors");
      return Future.succeededFuture(result);
    }).eventually(pool::close);
  }

  /**
   * {@code --churn-clients} loops of connect → ready → close until {@code end}; recorded when the stats are given
   * (the warm-up passes none and keeps only its errors' samples).
   */
  private static Future<Void> cycles(RunContext rc, ClientPool pool, Context ctx, long end, Stats ready, Stats cycle,
                                     ScenarioResult result) {
    List<Future<Integer>> loops = new ArrayList<>();
    for (int l = 0; l < rc.options().churnClients; l++) {
      int loop = l;
      loops.add(Steps.sequential(ctx, Integer.MAX_VALUE, end, i -> {
        long t0 = System.nanoTime();
        return rc.open(pool.next())
            .compose(conn -> {
              if (ready != null) {
                ready.recordNanos(System.nanoTime() - t0);
              }
              return conn.close();
            })
            .onSuccess(v -> {
              if (cycle != null) {
                cycle.recordNanos(System.nanoTime() - t0);
              }
            })
            .onFailure(err -> {
              if (cycle != null) {
                cycle.error();
              }
              result.errorSample((cycle == null ? "warm-up " : "") + "loop " + loop + " cycle " + i + ": " + err.getMessage());
            });
      }));
    }
    return Future.join(loops).mapEmpty();
  }
}
