package io.switchboard.load.scenario;

import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.Target;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.switchboard.load.scenario.Steps.progress;

/**
 * Many worker processes in aggregate: W child JVMs of this same tool ({@link WorkerMain}), each running
 * {@code senders} with its share of {@code --senders} (so the offered load equals that of {@code senders}, spread
 * over processes and cores), on its own topics. The parent waits for them (bounded by {@code --max-seconds}, then
 * kills them) and merges their histograms, counts and timelines into one result. The aggregate rate uses the longest
 * worker's wall time: the workers start within a JVM start-up of each other, not at the same instant.
 */
public final class WorkersScenario implements Scenario {

  @Override
  public String name() {
    return "workers";
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    int w = o.workers;
    int each = Math.max(1, (o.senders + w - 1) / w);
    ScenarioResult result = new ScenarioResult(name(), rc.settings().put("workers", w).put("sendersPerWorker", each)
        .put("ratePerSender", o.senderRate).put("topicsPerWorker", o.topics).put("receiversPerWorker", o.receivers)
        .put("seconds", o.duration).put("messageBytes", o.messageBytes));
    Stats stats = result.add(new Stats("publish->deliver"));
    long deadline = rc.deadline();
    List<String> args = args(rc.target(), o, each);
    List<Process> processes = new ArrayList<>();
    Path[] dir = new Path[1];
    return vertx.executeBlocking(() -> {
      dir[0] = Files.createTempDirectory("switchboard-load-workers");
      for (int i = 0; i < w; i++) {
        processes.add(start(dir[0], i, WorkerSpec.of(args, rc.target()), rc.token()));
      }
      return null;
    }).compose(v -> {
      progress(name(), w + " worker processes started, " + each + " senders each at " + o.senderRate + "/s");
      List<Future<Process>> exits = new ArrayList<>();
      long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      for (Process p : processes) {
        exits.add(Future.fromCompletionStage(p.onExit(), vertx.getOrCreateContext()).timeout(waitMs, TimeUnit.MILLISECONDS));
      }
      return Future.join(exits);
    }).transform(ar -> vertx.executeBlocking(() -> {
      for (int i = 0; i < processes.size(); i++) {
        collect(i, processes.get(i), dir[0], stats, result);
      }
      return result;
    })).recover(err -> {
      stats.error();
      result.errorSample("workers: " + err.getMessage());
      return Future.succeededFuture(result);
    }).eventually(() -> vertx.executeBlocking(() -> {
      processes.forEach(Process::destroyForcibly);
      deleteQuietly(dir[0]);
      return null;
    })).onSuccess(r -> progress(name(), stats.count() + " deliveries merged from " + w + " workers, "
        + stats.errorCount() + " errors"));
  }

  /** The command line of one worker: {@code senders} against the same target, with this run's sizes. */
  static List<String> args(Target target, io.switchboard.load.Options o, int senders) {
    List<String> a = new ArrayList<>(List.of("senders", "--ws", target.wsUrl(),
        "--senders", String.valueOf(senders), "--sender-rate", String.valueOf(o.senderRate),
        "--topics", String.valueOf(o.topics), "--receivers", String.valueOf(o.receivers),
        "--duration", String.valueOf(o.duration), "--max-seconds", String.valueOf(o.maxSeconds),
        "--message-bytes", String.valueOf(o.messageBytes), "--source-addresses", String.valueOf(o.sourceAddresses),
        "--connect-batch", String.valueOf(o.connectBatch)));
    if (target.httpUrl() != null) {
      a.add("--url");
      a.add(target.httpUrl());
    }
    return a;
  }

  private static Process start(Path dir, int i, JsonObject spec, String token) throws IOException {
    Path specFile = dir.resolve("worker-" + i + ".spec.json");
    Files.writeString(specFile, spec.encode(), StandardCharsets.UTF_8);
    ProcessBuilder pb = new ProcessBuilder(io.switchboard.load.target.LaunchCommands.thisJava(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        WorkerMain.class.getName(), specFile.toString(), dir.resolve("worker-" + i + ".out.json").toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("worker-" + i + ".log").toFile());
    if (token != null) {
      pb.environment().put(WorkerSpec.TOKEN_ENV, token);
    }
    return pb.start();
  }

  /** Merges worker i's output into the aggregate, or counts its failure (with the last line of its log). */
  private static void collect(int i, Process p, Path dir, Stats stats, ScenarioResult result) throws IOException {
    Path out = dir.resolve("worker-" + i + ".out.json");
    if (p.isAlive() || p.exitValue() != 0 || !Files.exists(out)) {
      stats.error();
      result.errorSample("worker " + i + (p.isAlive() ? " did not finish in time" : " exited with " + p.exitValue())
          + ": " + lastLine(dir.resolve("worker-" + i + ".log")));
      return;
    }
    JsonObject r = new JsonObject(Files.readString(out, StandardCharsets.UTF_8));
    JsonArray exported = r.getJsonArray("stats");
    for (int k = 0; k < exported.size(); k++) {
      stats.merge(exported.getJsonObject(k));
    }
    JsonObject metrics = r.getJsonObject("metrics", new JsonObject());
    for (String key : metrics.fieldNames()) {
      if (metrics.getValue(key) instanceof Number n) {
        JsonObject sum = result.metrics();
        result.metric(key, sum.getLong(key, 0L) + n.longValue());
      }
    }
    r.getJsonArray("errorSamples", new JsonArray()).forEach(s -> result.errorSample("worker " + i + ": " + s));
    if (r.getBoolean("truncated", false)) {
      result.truncated(true);
    }
  }

  static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
