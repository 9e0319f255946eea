package io.switchboard.load.scenario;

import io.switchboard.load.client.ClientPool;
import io.switchboard.load.client.Conn;
import io.switchboard.load.client.ProcessLimits;
import io.switchboard.load.stats.JvmHeap;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.progress;

/**
 * Concurrent connections: opens authenticated idle connections in batches of {@code --connect-batch}, spread over
 * {@code --source-addresses} loopback addresses, until {@code --max-connections}, this process's open-files limit,
 * the time bound, or sustained failures (more than half of two batches in a row failed), whichever comes first;
 * holds them {@code --hold-seconds}, counts how many are still open, then closes them all.
 *
 * <p>Server memory per connection, when the target's pid is known (and it runs on this machine): the growth of its
 * resident set (VmRSS from /proc) over the connections reached. That is the whole process's growth, heap and native
 * buffers, without a GC in between, so for a JVM (whose heap is committed early) it says little; for Switchboard the
 * heap in use from its {@code /metrics} (jvm_memory_used_bytes, area heap) is read before and after as well. For a
 * JVM target (Switchboard, the Vert.x relay) the figure to read is {@code serverHeapBytesPerConnection}: the heap in
 * use after a full GC ({@link JvmHeap}) with the connections held, minus the same before they were opened.
 *
 * <p>Against a cluster (several nodes) the run is {@link ClusterCapacity}'s: client processes, every node, a failover.
 */
public final class CapacityScenario implements Scenario {

  @Override
  public String name() {
    return "capacity";
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    if (rc.target().crossNode()) {
      // more connections than one process may hold: several client processes, every node, a failover
      return ClusterCapacity.run(rc, name());
    }
    Vertx vertx = rc.vertx();
    var o = rc.options();
    Context ctx = vertx.getOrCreateContext();
    long pid = rc.target().pid();
    long fdLimit = ProcessLimits.openFiles();
    int goal = fdLimit > 0 ? (int) Math.min(o.maxConnections, fdLimit - ProcessLimits.RESERVED_FILES) : o.maxConnections;
    ClientPool pool = ClientPool.create(vertx, rc.target().wsUrl(), o.sourceAddresses, goal);
    ScenarioResult result = new ScenarioResult(name(), rc.settings().put("maxConnections", o.maxConnections)
        .put("connectBatch", o.connectBatch).put("holdSeconds", o.holdSeconds)
        .put("sourceAddresses", new JsonArray(new ArrayList<>(pool.addresses())))
        .put("clientOpenFilesLimit", fdLimit).put("serverPid", pid)
        .put("serverOpenFilesLimit", pid > 0 ? ProcessLimits.openFiles(pid) : -1));
    Stats connect = result.add(new Stats("connect->ready"));
    List<Conn> conns = new ArrayList<>();
    int[] badBatches = {0};
    int[] dropped = {0};
    long deadline = rc.deadline();
    long[] before = new long[3];
    long[] after = new long[3];
    String[] stoppedBy = {goal < o.maxConnections ? "the client's open-files limit (" + fdLimit + ")" : "--max-connections"};

    Future<ScenarioResult> run = memory(rc, pid).compose(m -> {
      before[0] = m[0];
      before[1] = m[1];
      before[2] = m[2];
      progress(name(), "opening up to " + goal + " connections in batches of " + o.connectBatch
          + " over " + pool.addresses().size() + " source address(es)");
      connect.start();
      int every = Math.max(o.connectBatch, goal / 10);
      return Batches.run(ctx, goal, o.connectBatch, deadline, i -> {
        long t0 = System.nanoTime();
        return rc.open(pool.next()).onSuccess(c -> {
          connect.recordNanos(System.nanoTime() - t0);
          conns.add(c);
          c.closeHandler(() -> dropped[0]++);
          if (conns.size() % every == 0) {
            progress(name(), conns.size() + " connections open");
          }
        }).onFailure(err -> {
          connect.error();
          result.errorSample("connection " + i + ": " + err.getMessage());
        });
      }, (ok, failed) -> {
        badBatches[0] = failed > ok ? badBatches[0] + 1 : 0;
        if (badBatches[0] >= 2) {
          stoppedBy[0] = "sustained connection failures";
          return false;
        }
        return true;
      });
    }).compose(started -> {
      connect.stop();
      if (System.nanoTime() - deadline > 0 && started < goal) {
        stoppedBy[0] = "the time bound (--max-seconds)";
      }
      int reached = conns.size();
      progress(name(), reached + " connections open after " + Math.round(connect.seconds() * 10) / 10.0
          + " s (stopped by " + stoppedBy[0] + "); holding " + o.holdSeconds + " s");
      Promise<Void> held = Promise.promise();
      vertx.setTimer(TimeUnit.SECONDS.toMillis(o.holdSeconds), id -> held.complete());
      return held.future().compose(v -> memory(rc, pid)).map(m -> {
        after[0] = m[0];
        after[1] = m[1];
        after[2] = m[2];
        result.metric("connectionsReached", reached).metric("stoppedBy", stoppedBy[0])
            .metric("secondsToOpen", Stats.round(connect.seconds(), 3))
            .metric("droppedWhileHeld", dropped[0]).metric("openAfterHold", reached - dropped[0]);
        if (before[0] > 0 && after[0] > 0) {
          result.metric("serverRssBytesBefore", before[0]).metric("serverRssBytesAfter", after[0]);
          if (reached > 0) {
            result.metric("serverRssBytesPerConnection", (after[0] - before[0]) / reached);
          }
        }
        if (before[1] > 0 && after[1] > 0) {
          // no per-connection figure: a collection between the two readings can make the difference negative
          result.metric("serverHeapUsedBytesBefore", before[1]).metric("serverHeapUsedBytesAfter", after[1]);
        }
        if (before[2] > 0 && after[2] > 0) {
          // after a full GC on both sides: what the connections keep, not garbage (JVM targets only)
          result.metric("serverHeapAfterGcBytesBefore", before[2]).metric("serverHeapAfterGcBytesAfter", after[2]);
          if (reached > 0) {
            result.metric("serverHeapBytesPerConnection", (after[2] - before[2]) / reached);
          }
        }
        if (dropped[0] > 0) {
          connect.errors(dropped[0]);
          result.errorSample(dropped[0] + " connections closed by the server while held");
        }
        progress(name(), "metrics " + result.metrics().encode());
        result.truncated(System.nanoTime() - deadline > 0);
        return result;
      });
    });
    return run.eventually(() -> SendersScenario.closeAll(conns).eventually(pool::close));
  }

  /**
   * {RSS bytes, heap used bytes from /metrics, heap used after a full GC} of the server, -1 where unknown. The GC
   * reading (jcmd, JVM targets this user may attach to) comes last, so the other two see the heap as it was.
   * Never fails.
   */
  private static Future<long[]> memory(RunContext rc, long pid) {
    Future<Long> rss = pid > 0 ? rc.vertx().executeBlocking(() -> ProcessLimits.residentBytes(pid)) : Future.succeededFuture(-1L);
    Future<Long> heap = rc.target().switchboard() && rc.target().httpUrl() != null
        ? heapUsed(rc.vertx(), rc.target().httpUrl()) : Future.succeededFuture(-1L);
    return Future.join(rss, heap)
        .transform(ar -> pid > 0 ? rc.vertx().executeBlocking(() -> JvmHeap.usedAfterFullGc(pid)) : Future.succeededFuture(-1L))
        .transform(gc -> Future.succeededFuture(new long[] {
            rss.succeeded() ? rss.result() : -1, heap.succeeded() ? heap.result() : -1,
            gc.succeeded() ? gc.result() : -1}));
  }

  /** Sum of {@code jvm_memory_used_bytes{area="heap",...}} from the node's Prometheus {@code /metrics}. */
  static Future<Long> heapUsed(Vertx vertx, String httpUrl) {
    HttpClient http = vertx.createHttpClient();
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(httpUrl.replaceAll("/+$", "") + "/metrics"))
        .compose(req -> req.send().compose(resp -> resp.body()))
        .map(CapacityScenario::sumHeapUsed)
        .timeout(Conn.OPEN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .eventually(() -> http.close());
  }

  static long sumHeapUsed(Buffer body) {
    long sum = -1;
    for (String line : body.toString().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum = Math.max(0, sum) + (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
