package io.switchboard.load.scenario;

import io.switchboard.load.client.Conn;
import io.switchboard.load.stats.Resources;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's ceiling: pipelined pings (a window of {@value #WINDOW} in flight on each of
 * {@value #CONNECTIONS_PER_LOOP} connections per client event loop) for a fixed time, first with 1 client event
 * loop, then with 2, with the CPU the client and the server used in each phase. Ping is the cheapest message a
 * server answers, so this is the most messages per second the client can be asked to push and parse.
 *
 * <p>It is the one scenario with more than one client event loop, on a Vert.x of its own, because its question is
 * whether one loop limits the client: if 2 loops do not raise the rate, the server (or the machine) is the limit.
 * On a machine where client and server share the cores, compare CPU per message instead: the client's
 * {@code clientCpuMicrosPerMessage} below the server's means the client needs less CPU to send a message than the
 * server to answer it, so given the same cores it can drive more than that server serves.
 */
public final class CeilingScenario implements Scenario {

  static final int WINDOW = 64;
  static final int CONNECTIONS_PER_LOOP = 2;
  static final int[] LOOPS = {1, 2};

  @Override
  public String name() {
    return "ceiling";
  }

  /** Any server with a WebSocket endpoint: the relay subset's ping is all it needs. */
  @Override
  public boolean supports(io.switchboard.load.target.Target target) {
    return target.webSocket();
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    long phaseSeconds = Math.max(1, Math.min(rc.options().quick ? 2 : 10, rc.options().maxSeconds / LOOPS.length));
    JsonArray phases = new JsonArray();
    ScenarioResult result = new ScenarioResult(name(), new JsonObject().put("window", WINDOW)
        .put("connectionsPerLoop", CONNECTIONS_PER_LOOP).put("secondsPerPhase", phaseSeconds).put("phases", phases));
    // a warm-up phase first, not recorded: without it the 1-loop phase measures the JIT compiler, not the loop
    Future<Void> chain = phase(rc, 1, 1, result, false).mapEmpty();
    for (int loops : LOOPS) {
      chain = chain.compose(v -> phase(rc, loops, phaseSeconds, result, true).map(p -> {
        phases.add(p);
        return null;
      }));
    }
    return chain.map(v -> result);
  }

  /**
   * One phase on a Vert.x with {@code loops} event loops: one verticle per loop opens its connections; once all are
   * open the clock starts and every connection pumps pings until it stops. Completes on the scenario's own context,
   * after the phase's Vert.x is closed.
   */
  private Future<JsonObject> phase(RunContext rc, int loops, long seconds, ScenarioResult result, boolean record) {
    Stats stats = new Stats("pipelined ping, " + loops + " client loop" + (loops > 1 ? "s" : ""));
    if (record) {
      result.add(stats);
    }
    Steps.progress(name(), (record ? "" : "warm-up: ") + loops + " client event loop(s), " + loops * CONNECTIONS_PER_LOOP + " connections, "
        + WINDOW + " pings in flight each, " + seconds + " s");
    Context home = Vertx.currentContext();
    // created on another thread, without blocking this loop (and without Vert.x's warning about a Vertx created
    // on another Vertx's thread)
    return Future.fromCompletionStage(CompletableFuture.supplyAsync(
            () -> Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setWorkerPoolSize(1))), home)
        .compose(own -> phase(rc, own, home, loops, seconds, stats, result));
  }

  private Future<JsonObject> phase(RunContext rc, Vertx own, Context home, int loops, long seconds, Stats stats,
                                   ScenarioResult result) {
    Promise<JsonObject> out = Promise.promise();
    List<Pinger> pingers = new CopyOnWriteArrayList<>();
    Resources[] used = new Resources[1];
    own.deployVerticle(() -> {
      Pinger p = new Pinger(rc, stats, result);
      pingers.add(p);
      return p;
    }, new DeploymentOptions().setInstances(loops)).compose(id -> {
      used[0] = Resources.start(rc.target().pids());
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      stats.start();
      return Future.join(pingers.stream().map(p -> p.go(end)).toList());
    }).onComplete(ar -> {
      stats.stop();
      if (ar.failed()) {
        stats.error();
        result.errorSample("ceiling, " + loops + " loop(s): " + ar.cause().getMessage());
      }
      JsonObject r = used[0] == null ? new JsonObject() : used[0].stop();
      long n = Math.max(1, stats.count());
      JsonObject p = new JsonObject().put("clientLoops", loops).put("ratePerSecond", Stats.round(stats.rate(), 1)).put("resources", r);
      if (r.containsKey("clientCpuSeconds")) {
        p.put("clientCpuMicrosPerMessage", Stats.round(r.getDouble("clientCpuSeconds") * 1e6 / n, 2));
      }
      if (r.containsKey("serverCpuSeconds")) {
        p.put("serverCpuMicrosPerMessage", Stats.round(r.getDouble("serverCpuSeconds") * 1e6 / n, 2));
      }
      Steps.progress(name(), loops + " loop(s): " + p.encode());
      own.close().onComplete(v -> home.runOnContext(x -> out.complete(p)));
    });
    return out.future();
  }

  /** One client event loop's connections: opened in start, then each keeps WINDOW pings in flight until the end. */
  private static final class Pinger extends VerticleBase {
    private final RunContext rc;
    private final Stats stats;
    private final ScenarioResult result;
    private final List<Conn> conns = new ArrayList<>();
    private WebSocketClient client;

    Pinger(RunContext rc, Stats stats, ScenarioResult result) {
      this.rc = rc;
      this.stats = stats;
      this.result = result;
    }

    @Override
    public Future<?> start() {
      client = Conn.client(vertx, CONNECTIONS_PER_LOOP);
      List<Future<Conn>> opening = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS_PER_LOOP; i++) {
        opening.add(rc.open(client).onSuccess(conns::add));
      }
      return Future.all(opening);
    }

    /** Pumps on this verticle's event loop; completes when every connection is drained and closed. */
    Future<Void> go(long end) {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> Future.join(conns.stream().map(c -> pump(c, end)).toList())
          .eventually(() -> client.close())
          .onComplete(ar -> done.complete()));
      return done.future();
    }

    /** Completes when the phase is over and every ping sent got its pong (or the drain bound passed). */
    private Future<Void> pump(Conn conn, long end) {
      Promise<Void> drained = Promise.promise();
      ArrayDeque<Long> sentAt = new ArrayDeque<>();
      long[] next = {0};
      Runnable fill = () -> {
        while (sentAt.size() < WINDOW && System.nanoTime() - end < 0) {
          sentAt.add(System.nanoTime());
          conn.send(new JsonObject().put("type", "ping").put("ts", next[0]++));
        }
        if (sentAt.isEmpty()) {
          drained.tryComplete();
        }
      };
      conn.handler(m -> {
        String type = m.getString("type");
        if ("pong".equals(type)) {
          Long t0 = sentAt.poll();
          if (t0 != null) {
            stats.recordNanos(System.nanoTime() - t0);
          }
          fill.run();
        } else if ("error".equals(type) || "client-error".equals(type)) {
          stats.error();
          result.errorSample("ceiling: " + m.encode());
        }
      });
      conn.closeHandler(() -> {
        stats.error();
        result.errorSample("ceiling: connection closed by the server");
        drained.tryComplete();
      });
      fill.run();
      long drainMs = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + Steps.DRAIN_TIMEOUT_MS;
      return drained.future().timeout(Math.max(1, drainMs), TimeUnit.MILLISECONDS)
          .recover(err -> {
            stats.errors(sentAt.size());
            result.errorSample("ceiling: " + sentAt.size() + " pings unanswered: " + err.getMessage());
            return Future.succeededFuture();
          })
          .eventually(conn::close);
    }
  }
}
