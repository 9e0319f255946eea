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
 * {@code --duration} seconds. Measures connect → ready and the whole cycle (connect → closed); the rate of the cycle
 * measure is cycles per second.
 */
public final class ChurnScenario implements Scenario {

  @Override
  public String name() {
    return "churn";
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    var o = rc.options();
    Context ctx = rc.vertx().getOrCreateContext();
    ClientPool pool = ClientPool.create(rc.vertx(), rc.target().wsUrl(), o.sourceAddresses, o.churnClients);
    ScenarioResult result = new ScenarioResult(name(), rc.settings().put("loops", o.churnClients).put("seconds", o.duration)
        .put("sourceAddresses", new JsonArray(new ArrayList<>(pool.addresses()))));
    Stats ready = result.add(new Stats("connect->ready"));
    Stats cycle = result.add(new Stats("connect->closed (cycle)"));
    long deadline = rc.deadline();
    long end = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(o.duration), deadline);
    ready.start();
    cycle.start();
    List<Future<Integer>> loops = new ArrayList<>();
    for (int l = 0; l < o.churnClients; l++) {
      int loop = l;
      loops.add(Steps.sequential(ctx, Integer.MAX_VALUE, end, i -> {
        long t0 = System.nanoTime();
        return rc.open(pool.next())
            .compose(conn -> {
              ready.recordNanos(System.nanoTime() - t0);
              return conn.close();
            })
            .onSuccess(v -> cycle.recordNanos(System.nanoTime() - t0))
            .onFailure(err -> {
              cycle.error();
              result.errorSample("loop " + loop + " cycle " + i + ": " + err.getMessage());
            });
      }));
    }
    return Future.join(loops).transform(ar -> {
      ready.stop();
      cycle.stop();
      result.truncated(System.nanoTime() - deadline > 0);
      progress(name(), cycle.count() + " cycles, " + Math.round(cycle.rate()) + "/s, " + cycle.errorCount() + " errors");
      return Future.succeededFuture(result);
    }).eventually(pool::close);
  }
}
