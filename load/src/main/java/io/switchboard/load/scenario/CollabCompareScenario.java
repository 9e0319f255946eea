package io.switchboard.load.scenario;

import io.switchboard.load.stats.JvmHeap;
import io.switchboard.load.stats.Resources;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.LaunchCommands;
import io.switchboard.load.target.Target;
import io.switchboard.load.target.TargetKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.progress;

/**
 * Collaborative editing beside ShareDB and Hocuspocus (docs/benchmarks.md, "Collaborative editing"): the same editing
 * pattern against every target through each one's own official client, driven by {@code load/peers/collab-driver.mjs}
 * (one Node.js process: Switchboard through web/js/ot.js over its WebSocket protocol, ShareDB through its client with
 * ot-text-unicode, Hocuspocus through @hocuspocus/provider and Yjs). For each K of {@code --collab-editors}, K editors
 * type into one document as fast as their edits are acknowledged (one in flight each) for {@code --editing-seconds},
 * after an unrecorded warm-up as long (twice as long before the first K); then {@code --collab-docs} documents of 4 editors each type one edit a second
 * for a few seconds and are held open, idle, while the server's heap after a full GC is read (a JVM through jcmd, a
 * Node.js peer through its {@code /heap}), against the same reading before they opened; then as many new documents
 * the same way, their editors disconnected before the reading (the documents alone).
 *
 * <p>Per K: {@code K=… edit->ack} (from the local edit to its acknowledgement, every acknowledged insert; its rate is
 * acknowledged inserts per second), {@code K=… edit->remote} (from the local edit to its arrival at each other editor,
 * sampled), and metrics {@code K=… edits/s} (every acknowledged edit: inserts and deletions), {@code K=… server CPU
 * per edit µs}; then {@code heap per document (4 editors connected) bytes} and {@code heap per document (no editor
 * connected) bytes}. Every run is checked by the driver:
 * every editor's text equal, every acknowledged token present once, every acknowledged deletion's token gone; a
 * failed check is an error of the run.
 */
public final class CollabCompareScenario implements Scenario {

  private static final int DOC_EDITORS = 4;
  private static final int DOC_SECONDS = 3;
  private static final long DRIVER_EXTRA_SECONDS = 120;

  @Override
  public String name() {
    return "collab";
  }

  @Override
  public boolean supports(Target t) {
    return t.switchboard() || TargetKind.SHAREDB.id.equals(t.name()) || TargetKind.HOCUSPOCUS.id.equals(t.name());
  }

  @Override
  public long boundSeconds(io.switchboard.load.Options o) {
    return (long) (o.collabEditors.size() + 1) * (2L * o.editingSeconds + 2 * 30) + DOC_SECONDS + 300;
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Promise<ScenarioResult> done = Promise.promise();
    // The driver is a child process read line by line: a thread of its own, never an event loop.
    Thread t = new Thread(() -> {
      try {
        done.complete(runBlocking(rc));
      } catch (Exception e) {
        done.fail(e);
      }
    }, "collab-driver");
    t.setDaemon(true);
    t.start();
    return done.future();
  }

  private ScenarioResult runBlocking(RunContext rc) throws Exception {
    var o = rc.options();
    Target t = rc.target();
    JsonObject settings = new JsonObject().put("target", t.name())
        .put("editors", new JsonArray(new ArrayList<>(o.collabEditors))).put("seconds", o.editingSeconds)
        .put("warmUpSeconds", o.editingSeconds).put("documents", o.collabDocs).put("documentEditors", DOC_EDITORS)
        .put("seed", o.collabSeed).put("driver", "load/peers/collab-driver.mjs")
        .put("nodes", t.nodeWsUrls().size());
    ScenarioResult result = new ScenarioResult("collab", settings);
    LaunchCommands commands = LaunchCommands.from(o);
    boolean first = true;
    for (int k : o.collabEditors) {
      // Unrecorded typing first, as long as the run itself (twice as long before the first), for every target: a JVM
      // server compiles its hot paths in the first seconds (4 editors: 3,300 edits/s in the first 10 s of a fresh
      // node, 5,000-6,200 after).
      int warmUp = first ? 2 * o.editingSeconds : o.editingSeconds;
      first = false;
      progress("collab", t.name() + ": " + k + " editors, warm-up " + warmUp + " s");
      driver(rc, commands, List.of("--editors", Integer.toString(k), "--seconds", Integer.toString(warmUp),
          "--seed", Long.toString(o.collabSeed + 1000 + k)), null);
      progress("collab", t.name() + ": " + k + " editors, " + o.editingSeconds + " s");
      long cpu0 = Resources.serverCpuNanos(t.pids());
      JsonObject r = driver(rc, commands, List.of("--editors", Integer.toString(k), "--seconds",
          Integer.toString(o.editingSeconds), "--seed", Long.toString(o.collabSeed + k), "--samples"), null);
      long cpu1 = Resources.serverCpuNanos(t.pids());
      record(result, "K=" + k, r, cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1);
    }
    progress("collab", t.name() + ": " + o.collabDocs + " documents of " + DOC_EDITORS + " editors");
    long before = heap(t);
    long[] idle = {-1};
    JsonObject docs = driver(rc, commands, List.of("--docs", Integer.toString(o.collabDocs), "--editors",
        Integer.toString(DOC_EDITORS), "--seconds", Integer.toString(DOC_SECONDS), "--rate", "1",
        "--seed", Long.toString(o.collabSeed), "--hold"), () -> idle[0] = heap(t));
    check(result, "documents", docs);
    perDocument(result, "heap per document (4 editors connected) bytes", before, idle[0], o.collabDocs);
    // The same documents' weight without their editors: what the server keeps per document once nobody is
    // connected (Hocuspocus unloads such a document: it has no persistence here).
    progress("collab", t.name() + ": " + o.collabDocs + " documents, editors gone");
    long before2 = heap(t);
    long[] idle2 = {-1};
    JsonObject detached = driver(rc, commands, List.of("--docs", Integer.toString(o.collabDocs), "--editors",
        Integer.toString(DOC_EDITORS), "--seconds", Integer.toString(DOC_SECONDS), "--rate", "1",
        "--seed", Long.toString(o.collabSeed + 1), "--hold", "--detach"), () -> idle2[0] = heap(t));
    check(result, "documents without editors", detached);
    perDocument(result, "heap per document (no editor connected) bytes", before2, idle2[0], o.collabDocs);
    return result;
  }

  private static void perDocument(ScenarioResult result, String name, long before, long after, int docs) {
    result.metric(name, before > 0 && after > 0 ? (after - before) / docs : null);
    result.metric(name.replace(" bytes", "") + ": heap before / after bytes", before + " / " + after);
  }

  private static void record(ScenarioResult result, String k, JsonObject r, long cpuNanos) {
    check(result, k, r);
    double seconds = r.getDouble("seconds", 0.0);
    Stats ack = result.add(new Stats(k + " edit->ack"));
    Stats remote = result.add(new Stats(k + " edit->remote"));
    r.getJsonArray("ackSamplesUs", new JsonArray()).forEach(v -> ack.recordMicros(((Number) v).longValue()));
    r.getJsonArray("remoteSamplesUs", new JsonArray()).forEach(v -> remote.recordMicros(((Number) v).longValue()));
    ack.window((long) (seconds * 1e9));
    long edits = r.getLong("acked", 0L);
    result.metric(k + " edits/s", seconds > 0 ? Stats.round(edits / seconds, 1) : null);
    result.metric(k + " edits", edits);
    result.metric(k + " server CPU per edit µs", cpuNanos >= 0 && r.getLong("ackedTotal", 0L) > 0
        ? Stats.round(cpuNanos / 1e3 / r.getLong("ackedTotal"), 1) : null);
    result.metric(k + " remote-apply p50 µs", r.getJsonObject("remoteUs", new JsonObject()).getValue("p50"));
    result.metric(k + " remote-apply p99 µs", r.getJsonObject("remoteUs", new JsonObject()).getValue("p99"));
    result.metric(k + " document code points", r.getValue("documentCodePoints"));
  }

  private static void check(ScenarioResult result, String what, JsonObject r) {
    if (r.containsKey("fatal")) {
      result.errorSample(what + ": " + r.getString("fatal"));
      return;
    }
    if (!r.getBoolean("converged", false)) {
      result.errorSample(what + ": the editors did not converge");
    }
    r.getJsonArray("errors", new JsonArray()).forEach(e -> result.errorSample(what + ": " + e));
    long errors = r.getLong("errorCount", 0L) + (r.getBoolean("converged", false) ? 0 : 1);
    if (errors > 0 && !result.stats().isEmpty()) {
      result.stats().get(result.stats().size() - 1).errors(errors);
    }
    if (errors > 0) {
      result.metric(what + " errors", errors);
    }
  }

  /**
   * Runs the driver against the target and returns its last JSON line. With {@code onIdle}, the driver holds its
   * documents open after typing ({@code --hold}); {@code onIdle} runs then, and the driver is told to go on.
   */
  private static JsonObject driver(RunContext rc, LaunchCommands commands, List<String> extra, Measure onIdle)
      throws Exception {
    Target t = rc.target();
    List<String> command = new ArrayList<>(List.of(commands.node(),
        commands.peersDir().resolve("collab-driver.mjs").toString(),
        "--target", t.switchboard() ? "switchboard" : t.name(), "--ws", String.join(",", t.nodeWsUrls())));
    if (t.switchboard()) {
      command.addAll(List.of("--http", t.httpUrl(), "--token", rc.token()));
    }
    command.addAll(extra);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    JsonObject last = null;
    List<String> other = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
         OutputStream in = p.getOutputStream()) {
      String line;
      while ((line = out.readLine()) != null) {
        if (!line.startsWith("{")) {
          other.add(line);
          continue;
        }
        JsonObject j = new JsonObject(line);
        if (j.getBoolean("idle", false) && onIdle != null) {
          onIdle.run();
          in.write("go\n".getBytes(StandardCharsets.UTF_8));
          in.flush();
        } else {
          last = j;
        }
      }
    } finally {
      if (!p.waitFor(DRIVER_EXTRA_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (last == null) {
      return new JsonObject().put("fatal", "the driver printed no result; its output: "
          + String.join(" | ", other.subList(Math.max(0, other.size() - 5), other.size())));
    }
    return last;
  }

  /** Something measured while the driver holds its documents open. */
  private interface Measure {
    void run() throws Exception;
  }

  /** The server's heap after a full collection: every node's for Switchboard (jcmd), GET /heap for a Node.js peer. */
  private static long heap(Target t) throws IOException, InterruptedException {
    if (t.switchboard()) {
      return Resources.sum(t.pids(), JvmHeap::usedAfterFullGc);
    }
    // HTTP/1.1: an h2c upgrade offer would reach the peer's WebSocket upgrade handler, not its request handler
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(t.httpUrl() + "/heap"))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? new JsonObject(r.body()).getLong("heapUsed", -1L) : -1;
  }
}
