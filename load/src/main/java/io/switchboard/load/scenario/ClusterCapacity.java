package io.switchboard.load.scenario;

import io.switchboard.load.Options;
import io.switchboard.load.client.Conn;
import io.switchboard.load.client.ProcessLimits;
import io.switchboard.load.stats.JvmHeap;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.switchboard.load.scenario.Steps.progress;

/**
 * {@code capacity} against a Switchboard cluster ({@code switchboard-cluster}, or several {@code --ws} URLs): more
 * connections than one process may hold, opened by {@code --workers} client processes ({@link CapacityWorker}),
 * spread evenly over the nodes. Every connection has a token of its own and is
 * subscribed to one topic. In order:
 * <ol>
 *   <li>open {@code --max-connections}: opening rate, connect → ready percentiles, connections per node;</li>
 *   <li>hold them {@code --hold-seconds} (server pings on) and count the ones the servers dropped;</li>
 *   <li>heap per connection on each node (after a full GC, as the standalone run measures it) and the resident
 *       memory of every node;</li>
 *   <li>{@code --messages} publishes (one at a time) to the topic from node 1: publish → the last of all deliveries,
 *       from the workers' clocks (System.nanoTime is the system's monotonic clock on Linux, the same in every
 *       process);</li>
 *   <li>failover (with 3 or more nodes): while a publisher goes on (one message per twice the fan-out's median
 *       publish → last delivery, at least {@value #FAILOVER_PUBLISH_MIN_MS} ms apart, so that the cluster is busy
 *       but not overloaded: a faster pace would measure slow consumers, not the failover), the last node is killed with
 *       SIGKILL; its clients reconnect to the others and resume; once every one is back and a few more messages
 *       went out, every connection must hold every acknowledged seq exactly once. Reported: the time from the kill
 *       until the last client is resubscribed, each client's drop → resubscribed, lost and duplicated deliveries.</li>
 * </ol>
 */
final class ClusterCapacity {

  static final long FAILOVER_PUBLISH_MIN_MS = 500;
  static final long FAILOVER_PUBLISH_MAX_MS = 10_000;
  static final long PHASE_TIMEOUT_MS = 180_000;
  static final long FAN_TIMEOUT_MS = 60_000;
  static final int PUBLISH_RETRIES = 20;
  /** How long a client process may take to answer {@code report}: its event loop may be busy delivering. */
  static final long REPORT_TIMEOUT_MS = 120_000;
  static final long CLOSE_TIMEOUT_MS = 60_000;

  private final RunContext rc;
  private final Vertx vertx;
  private final Context ctx;
  private final Options o;
  private final List<String> nodes;
  private final List<Long> pids;
  private final ScenarioResult result;
  private final String topic = "public.load.capacity." + UUID.randomUUID().toString().substring(0, 8);
  private final List<WorkerLink> workers = new ArrayList<>();
  private final Stats connect = new Stats("connect->ready");
  private final Stats last = new Stats("publish->last delivery");
  private final Stats reconnect = new Stats("drop->resubscribed");
  private final Stats failoverAcks = new Stats("failover publish->ack");
  private Path dir;
  /**
   * Held for the whole run: Vert.x 5 closes a client that becomes unreachable, and every WebSocket it opened with it
   * (status 1000, no reason) once this JVM collects it; the publisher died that way in the first 100,000 runs.
   */
  private WebSocketClient publisherClient;
  private Conn publisher;

  private ClusterCapacity(RunContext rc, String name) {
    this.rc = rc;
    this.vertx = rc.vertx();
    this.ctx = vertx.getOrCreateContext();
    this.o = rc.options();
    this.nodes = rc.target().nodeWsUrls();
    this.pids = rc.target().pids();
    this.result = new ScenarioResult(name, rc.settings().put("maxConnections", o.maxConnections)
        .put("workers", o.workers).put("holdSeconds", o.holdSeconds).put("messages", o.messages)
        .put("connectBatch", o.connectBatch).put("topic", topic));
    result.add(connect);
    result.add(last);
    result.add(reconnect);
    result.add(failoverAcks);
  }

  static Future<ScenarioResult> run(RunContext rc, String name) {
    return new ClusterCapacity(rc, name).run();
  }

  private Future<ScenarioResult> run() {
    int w = o.workers;
    int each = (o.maxConnections + w - 1) / w;
    long clientFiles = ProcessLimits.openFiles();
    if (clientFiles > 0 && each + ProcessLimits.RESERVED_FILES > clientFiles) {
      return Future.failedFuture(each + " connections per worker process exceed the open-files limit ("
          + clientFiles + "): raise --workers");
    }
    int perNode = (o.maxConnections + nodes.size() - 1) / nodes.size();
    int afterKill = nodes.size() > 2 ? (o.maxConnections + nodes.size() - 2) / (nodes.size() - 1) : perNode;
    long serverFiles = pids.isEmpty() ? -1 : ProcessLimits.openFiles(pids.get(0));
    result.settings().put("connectionsPerWorker", each).put("connectionsPerNode", perNode)
        .put("connectionsPerNodeAfterKill", afterKill).put("serverOpenFilesLimit", serverFiles)
        .put("clientOpenFilesLimit", clientFiles);
    if (serverFiles > 0 && afterKill + 1_000 > serverFiles) {
      progress(result.name(), "warning: " + afterKill + " connections per node after the kill come close to the nodes'"
          + " open-files limit (" + serverFiles + "): use more --cluster-nodes");
    }
    long deadline = rc.deadline();
    JsonArray nodeFigures = new JsonArray();
    return memory().compose(before -> startWorkers(each).compose(v -> opened(deadline)).compose(open -> hold()
        .compose(v -> memory()).map(after -> {
          for (int i = 0; i < nodes.size(); i++) {
            int conns = open.getJsonArray("perNode").getInteger(i);
            JsonObject node = new JsonObject().put("node", i + 1).put("connections", conns)
                .put("rssBytes", after[i][0]).put("heapAfterGcBytesBefore", before[i][1])
                .put("heapAfterGcBytesAfter", after[i][1]);
            if (conns > 0 && before[i][1] > 0 && after[i][1] > 0) {
              node.put("heapBytesPerConnection", (after[i][1] - before[i][1]) / conns);
            }
            nodeFigures.add(node);
          }
          long rss = 0;
          for (long[] node : after) {
            rss += Math.max(0, node[0]);
          }
          result.metric("nodes", nodeFigures).metric("clusterRssBytes", rss);
          progress(result.name(), "memory: " + nodeFigures.encode() + ", cluster RSS " + rss / (1024 * 1024) + " MiB");
          return open;
        })))
        .compose(open -> fanout(deadline))
        .compose(v -> nodes.size() >= 3 && pids.size() == nodes.size() ? failover() : Future.succeededFuture())
        .recover(err -> {
          connect.error();
          result.errorSample(err.getMessage());
          return Future.succeededFuture();
        })
        .eventually(this::closeAll)
        .map(v -> {
          result.truncated(System.nanoTime() - deadline > 0);
          progress(result.name(), "metrics " + result.metrics().encode());
          return result;
        });
  }

  // ---- phases ----

  private Future<Void> startWorkers(int each) {
    return vertx.<Void>executeBlocking(() -> {
      dir = Files.createTempDirectory("switchboard-load-capacity");
      for (int i = 0; i < o.workers; i++) {
        int first = i * each;
        int count = Math.max(0, Math.min(each, o.maxConnections - first));
        JsonObject spec = new JsonObject().put("nodes", new JsonArray(new ArrayList<>(nodes)))
            .put("tokenUrl", rc.target().httpUrl()).put("topic", topic).put("first", first).put("count", count)
            .put("batch", Math.max(1, o.connectBatch / o.workers))
            .put("openSeconds", o.maxSeconds);
        workers.add(WorkerLink.start(ctx, i, dir, spec));
      }
      return null;
    }).onSuccess(v -> {
      // connect() picks the local port per node (each node is a destination of its own), so no source addresses
      result.settings().put("sourceAddresses", "system");
      progress(result.name(), o.workers + " client processes opening " + o.maxConnections + " connections over "
          + nodes.size() + " nodes, topic " + topic);
    });
  }

  private Future<JsonObject> opened(long deadline) {
    long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    return all(link -> link.next("opened", wait)).map(events -> {
      JsonObject sum = sum(events);
      double seconds = 0;
      for (JsonObject e : events) {
        connect.merge(e.getJsonObject("connect"));
        seconds = Math.max(seconds, e.getDouble("seconds", 0.0));
      }
      int open = sum.getInteger("open");
      result.metric("connectionsReached", open).metric("connectionsFailed", sum.getInteger("failed"))
          .metric("secondsToOpen", Stats.round(seconds, 3))
          .metric("openedPerSecond", seconds > 0 ? Math.round(open / seconds) : 0)
          .metric("connectionsPerNode", sum.getJsonArray("perNode"));
      progress(result.name(), open + " connections open and subscribed after " + Stats.round(seconds, 1) + " s ("
          + sum.getInteger("failed") + " failed), per node " + sum.getJsonArray("perNode").encode()
          + "; holding " + o.holdSeconds + " s");
      return sum;
    });
  }

  private Future<Void> hold() {
    return vertx.timer(o.holdSeconds, TimeUnit.SECONDS).compose(v -> report()).map(sum -> {
      int dropped = sum.getInteger("dropped");
      result.metric("droppedWhileHeld", dropped).metric("openAfterHold", sum.getInteger("open"));
      if (dropped > 0) {
        connect.errors(dropped);
        result.errorSample(dropped + " connections dropped by the nodes while held");
      }
      progress(result.name(), sum.getInteger("open") + " open after " + o.holdSeconds + " s, " + dropped + " dropped");
      return null;
    });
  }

  /** One message at a time to every connection; the time until the last of them has it. */
  private Future<Void> fanout(long deadline) {
    publisherClient = Conn.client(vertx, 4);
    return rc.open(publisherClient).compose(pub -> {
      publisher = pub;
      pub.closeHandler(() -> {
        last.error();
        result.errorSample("fan-out: the publisher's connection was closed by node 1 (" + pub.closeStatus() + ")");
      });
      int n = Math.min(o.messages, CapacityWorker.FAN_MESSAGES_MAX);
      progress(result.name(), "publishing " + n + " messages, one at a time, to every connection");
      last.start();
      return Steps.sequential(ctx, n, deadline, k -> {
        long sentAt = System.nanoTime();
        pub.send(new JsonObject().put("type", "publish").put("id", "k" + k).put("topic", topic)
            .put("payload", new JsonObject().put("k", k)));
        return all(link -> link.next("delivered:" + k, FAN_TIMEOUT_MS)).map(events -> {
          long lastAt = events.stream().mapToLong(e -> e.getLong("last")).max().orElse(sentAt);
          last.recordNanos(lastAt - sentAt);
          return null;
        }).recover(err -> {
          last.error();
          result.errorSample("message " + k + " did not reach every connection: " + err.getMessage());
          return Future.succeededFuture();
        });
      }).onComplete(ar -> {
        last.stop();
        progress(result.name(), "publish->last delivery p50 " + last.percentile(50) / 1000 + " ms, p99 "
            + last.percentile(99) / 1000 + " ms");
      }).mapEmpty();
    });
  }

  /** Publishes at a steady pace, kills the last node, waits for every client to be back, then counts. */
  private Future<Void> failover() {
    Publishing publishing = new Publishing();
    publishing.attach(publisher);
    failoverAcks.start();
    long every = Math.max(FAILOVER_PUBLISH_MIN_MS, Math.min(FAILOVER_PUBLISH_MAX_MS, 2 * last.percentile(50) / 1000));
    result.metric("failoverPublishEveryMs", every);
    long timer = vertx.setPeriodic(every, id -> publishing.next());
    int victim = nodes.size() - 1;
    long[] killedAt = new long[1];
    long margin = Math.max(3_000, 2 * every); // publishing before the kill, and after every client is back
    return vertx.timer(margin).compose(v -> vertx.executeBlocking(() -> {
      killedAt[0] = System.nanoTime();
      ProcessHandle.of(pids.get(victim)).ifPresent(ProcessHandle::destroyForcibly);
      return null;
    })).compose(v -> {
      progress(result.name(), "node " + (victim + 1) + " (pid " + pids.get(victim) + ") killed with SIGKILL;"
          + " waiting for its clients to reconnect elsewhere and resume");
      result.metric("killedNode", victim + 1);
      return untilBack(killedAt[0], System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PHASE_TIMEOUT_MS));
    }).compose(back -> vertx.timer(margin)).compose(v -> {
      vertx.cancelTimer(timer);
      return publishing.settled(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
    }).compose(v -> {
      failoverAcks.stop();
      long finalSeq = publishing.highestAcked;
      progress(result.name(), publishing.acked + " messages acknowledged during the failover (" + publishing.retries
          + " retries, " + publishing.failed + " never acknowledged); every client must now hold seq " + finalSeq);
      workers.forEach(link -> link.send("final " + finalSeq));
      return all(link -> link.next("final", CapacityWorker.FINAL_WAIT_MS + 30_000));
    }).map(events -> {
      JsonObject sum = sum(events);
      long lastBack = events.stream().mapToLong(e -> e.getLong("lastBack")).max().orElse(0);
      // above the highest acknowledged seq: messages appended whose ack never reached the publisher
      long maxSeq = events.stream().mapToLong(e -> e.getLong("maxSeqSeen", -1L)).max().orElse(-1);
      result.metric("highestAcknowledgedSeq", publishing.highestAcked).metric("highestSeqDelivered", maxSeq);
      events.forEach(e -> {
        reconnect.merge(e.getJsonObject("reconnect"));
        e.getJsonArray("errorSamples").forEach(s -> result.errorSample(String.valueOf(s)));
      });
      long lost = sum.getLong("lost");
      long dups = sum.getLong("duplicates");
      result.metric("failoverReconnected", sum.getInteger("reconnected"))
          .metric("failoverNotBack", sum.getInteger("reconnectFailures"))
          .metric("secondsUntilAllBack", lastBack > 0 ? Stats.round((lastBack - killedAt[0]) / 1e9, 3) : -1)
          .metric("messagesAcknowledged", publishing.acked).metric("publishRetries", publishing.retries)
          .metric("publisherReconnections", publishing.reopened)
          .metric("lostDeliveries", lost).metric("duplicateDeliveries", dups)
          .metric("gapFrames", sum.getLong("gaps")).metric("connectionsBehind", sum.getLong("behind"))
          .metric("epochChanges", sum.getLong("epochChanges"));
      if (lost > 0 || dups > 0 || sum.getInteger("reconnectFailures") > 0) {
        reconnect.errors(lost + dups + sum.getInteger("reconnectFailures"));
        result.errorSample("failover: " + lost + " deliveries lost, " + dups + " duplicated, "
            + sum.getInteger("reconnectFailures") + " clients not back");
      }
      progress(result.name(), sum.getInteger("reconnected") + " clients reconnected, all back "
          + result.metrics().getValue("secondsUntilAllBack") + " s after the kill; lost " + lost + ", duplicated " + dups);
      return null;
    });
  }

  /** Polls the workers each second until they saw the drops and none is still reconnecting. */
  private Future<JsonObject> untilBack(long killedAt, long deadline) {
    return vertx.timer(1_000).compose(v -> report()).compose(sum -> {
      boolean settled = sum.getInteger("dropped") > 0 && sum.getInteger("pending") == 0;
      if (settled || System.nanoTime() - deadline > 0) {
        return Future.succeededFuture(sum);
      }
      progress(result.name(), Stats.round((System.nanoTime() - killedAt) / 1e9, 1) + " s after the kill: "
          + sum.getInteger("dropped") + " dropped, " + sum.getInteger("reconnected") + " back, "
          + sum.getInteger("pending") + " reconnecting");
      return untilBack(killedAt, deadline);
    });
  }

  /** The failover publisher: one message per tick, retried (same id, so deduplicated) when the cluster is busy. */
  private final class Publishing {
    final Map<String, long[]> outstanding = new HashMap<>(); // id -> {sentAt, attempts}
    int sent;
    int reopened;
    int acked;
    int retries;
    int failed;
    long highestAcked = -1;

    /**
     * Listens to the publisher's answers; if the node closes it, says so (with the close status) and opens another,
     * re-sending what was not answered with the same ids, as a client library does.
     */
    void attach(Conn conn) {
      publisher = conn;
      conn.handler(this::onReply);
      conn.closeHandler(() -> {
        reopened++;
        failoverAcks.error();
        result.errorSample("failover: the publisher's connection was closed by node 1 (" + conn.closeStatus()
            + ") with " + outstanding.size() + " publishes unanswered; reconnecting");
        rc.open(publisherClient).onSuccess(again -> {
          attach(again);
          outstanding.keySet().stream().sorted().forEach(this::send);
        }).onFailure(err -> result.errorSample("failover: the publisher could not reconnect: " + err.getMessage()));
      });
    }

    void next() {
      String id = "f" + sent++;
      outstanding.put(id, new long[] {System.nanoTime(), 1});
      send(id);
    }

    void send(String id) {
      publisher.send(new JsonObject().put("type", "publish").put("id", id).put("topic", topic).put("ack", true)
          .put("payload", new JsonObject().put("f", id)));
    }

    void onReply(JsonObject m) {
      String type = m.getString("type", "");
      String id = "ack".equals(type) ? m.getString("id") : m.getString("ref");
      long[] state = id == null ? null : outstanding.get(id);
      if (state == null) {
        return;
      }
      if ("ack".equals(type)) {
        outstanding.remove(id);
        acked++;
        failoverAcks.recordNanos(System.nanoTime() - state[0]);
        highestAcked = Math.max(highestAcked, m.getLong("seq", -1L));
      } else if ("error".equals(type) && state[1] < PUBLISH_RETRIES) {
        state[1]++;
        retries++;
        vertx.setTimer(250, t -> send(id));
      } else {
        outstanding.remove(id);
        failed++;
        failoverAcks.error();
        result.errorSample("failover publish " + id + " refused: " + m.encode());
      }
    }

    Future<Void> settled(long deadline) {
      if (outstanding.isEmpty() || System.nanoTime() - deadline > 0) {
        if (!outstanding.isEmpty()) {
          // a publish with neither an ack nor an error: what a user would see as a hung send
          failed += outstanding.size();
          failoverAcks.errors(outstanding.size());
          result.errorSample("failover: " + outstanding.size() + " publishes never answered (neither ack nor error): "
              + outstanding.keySet().stream().sorted().limit(10).toList());
        }
        outstanding.clear();
        return Future.succeededFuture();
      }
      return vertx.timer(100).compose(v -> settled(deadline));
    }
  }

  // ---- helpers ----

  private Future<JsonObject> report() {
    workers.forEach(link -> link.send("report"));
    return all(link -> link.next("report", REPORT_TIMEOUT_MS)).map(ClusterCapacity::sum);
  }

  private Future<List<JsonObject>> all(Function<WorkerLink, Future<JsonObject>> each) {
    List<Future<JsonObject>> futures = new ArrayList<>();
    workers.forEach(link -> futures.add(each.apply(link)));
    return Future.all(futures).map(cf -> futures.stream().map(Future::result).toList());
  }

  /** The workers' counts added up (numbers, and the per-node arrays element by element). */
  static JsonObject sum(List<JsonObject> events) {
    JsonObject sum = new JsonObject();
    for (JsonObject e : events) {
      for (String key : e.fieldNames()) {
        Object v = e.getValue(key);
        if (v instanceof Number n && !key.equals("lastBack") && !key.equals("last") && !key.equals("maxSeqSeen")
            && !key.equals("finalSeq")) {
          sum.put(key, sum.getLong(key, 0L) + n.longValue());
        } else if (v instanceof JsonArray a && key.equals("perNode")) {
          JsonArray s = sum.getJsonArray(key, new JsonArray());
          for (int i = 0; i < a.size(); i++) {
            if (s.size() <= i) {
              s.add(0L);
            }
            s.set(i, s.getLong(i) + a.getLong(i));
          }
          sum.put(key, s);
        }
      }
    }
    return sum;
  }

  /** Per node {RSS bytes, heap in use after a full GC}; -1 where unknown (a node already killed). */
  private Future<long[][]> memory() {
    return vertx.executeBlocking(() -> {
      long[][] m = new long[nodes.size()][2];
      for (int i = 0; i < nodes.size(); i++) {
        long pid = i < pids.size() ? pids.get(i) : -1;
        m[i][0] = pid > 0 ? ProcessLimits.residentBytes(pid) : -1;
        m[i][1] = pid > 0 ? JvmHeap.usedAfterFullGc(pid) : -1;
      }
      return m;
    });
  }

  private Future<Void> closeAll() {
    workers.forEach(link -> link.send("close"));
    Future<Void> pub = (publisher == null ? Future.<Void>succeededFuture() : publisher.close().otherwiseEmpty())
        .compose(v -> publisherClient == null ? Future.succeededFuture() : publisherClient.close().otherwiseEmpty());
    List<Future<Process>> exits = new ArrayList<>();
    workers.forEach(link -> exits.add(Future.fromCompletionStage(link.process.onExit(), ctx)
        .timeout(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)));
    return pub.compose(v -> Future.join(exits)).transform(ar -> vertx.executeBlocking(() -> {
      workers.forEach(link -> link.process.destroyForcibly());
      WorkersScenario.deleteQuietly(dir);
      return null;
    })).otherwiseEmpty().mapEmpty();
  }

  /** The parent's end of one worker process: commands in, events out, matched by name (and message index). */
  static final class WorkerLink {
    private final Context ctx;
    private final int index;
    private final Process process;
    private final Writer stdin;
    private final Path log;
    private final Map<String, Promise<JsonObject>> waiting = new HashMap<>();
    private final Map<String, JsonObject> arrived = new HashMap<>();
    private String ended;

    private WorkerLink(Context ctx, int index, Process process, Path log) {
      this.ctx = ctx;
      this.index = index;
      this.process = process;
      this.log = log;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader = new Thread(this::read, "capacity-worker-" + index);
      reader.setDaemon(true);
      reader.start();
    }

    static WorkerLink start(Context ctx, int index, Path dir, JsonObject spec) throws IOException {
      Path specFile = dir.resolve("capacity-" + index + ".spec.json");
      Files.writeString(specFile, spec.encode(), StandardCharsets.UTF_8);
      Path log = dir.resolve("capacity-" + index + ".log");
      Process p = new ProcessBuilder(io.switchboard.load.target.LaunchCommands.thisJava(), "-Xmx2g", "-cp", System.getProperty("java.class.path"),
          CapacityWorker.class.getName(), specFile.toString())
          .redirectError(log.toFile()).start();
      return new WorkerLink(ctx, index, p, log);
    }

    private void read() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith(CapacityWorker.EVENT_PREFIX)) {
            JsonObject event = new JsonObject(line.substring(CapacityWorker.EVENT_PREFIX.length()));
            ctx.runOnContext(v -> arrive(event));
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process ended; reported below
      }
      ctx.runOnContext(v -> end());
    }

    private void arrive(JsonObject event) {
      String key = event.getString("event") + (event.containsKey("k") ? ":" + event.getValue("k") : "");
      Promise<JsonObject> p = waiting.remove(key);
      if (p != null) {
        p.complete(event);
      } else {
        arrived.put(key, event);
      }
    }

    private void end() {
      ended = "client process " + index + " ended (" + WorkersScenario.lastLine(log) + ")";
      waiting.values().forEach(p -> p.tryFail(ended));
      waiting.clear();
    }

    /** The next event of that key (one that already arrived, or the next to come), within the bound. */
    Future<JsonObject> next(String key, long timeoutMs) {
      JsonObject e = arrived.remove(key);
      if (e != null) {
        return Future.succeededFuture(e);
      }
      if (ended != null) {
        return Future.failedFuture(ended);
      }
      Promise<JsonObject> p = Promise.promise();
      waiting.put(key, p);
      return p.future().timeout(timeoutMs, TimeUnit.MILLISECONDS)
          .onFailure(err -> waiting.remove(key, p))
          .recover(err -> Future.failedFuture("client process " + index + ", " + key + ": " + err.getMessage()));
    }

    void send(String command) {
      try {
        stdin.write(command + "\n");
        stdin.flush();
      } catch (IOException e) {
        // the process ended: its waits fail with the reason
      }
    }
  }
}
