package io.switchboard.load;

import io.switchboard.load.suite.Comparisons;
import io.switchboard.load.suite.SuiteRunner;
import io.switchboard.load.target.LaunchCommands;
import io.switchboard.load.target.Launcher;
import io.switchboard.load.report.Report;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code java -jar switchboard-load.jar <scenario|suite> [options]}. Exit status: 0 when
 * every scenario ran without errors, 1 when there were errors, 2 on a usage error.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(Options.USAGE);
      return 2;
    }
    if (o.help) {
      System.out.println(Options.USAGE);
      return 0;
    }
    JsonObject machine = Report.machine();
    System.out.println(Report.machineLine(machine));
    System.out.println("settings: " + o.toJson().encode());
    // one event loop: all client callbacks on one thread, so the client takes at most one of the
    // machine's cores away from the node it measures
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    Context ctx = vertx.getOrCreateContext();
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    List<ScenarioResult> results = new ArrayList<>();
    JsonObject settings = o.toJson();
    JsonArray comparisons;
    // every server the run starts is stopped when this block ends, and on Ctrl-C by the launcher's shutdown hook
    try (Launcher launcher = new Launcher(LaunchCommands.from(o))) {
      List<Comparisons.Run> runs = new SuiteRunner(vertx, ctx, o, launcher).run();
      runs.forEach(r -> results.add(r.result()));
      comparisons = Comparisons.compute(runs);
      settings.put("targets", launcher.describe());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.println();
    for (String target : results.stream().map(r -> r.settings().getString("target", "?")).distinct().toList()) {
      System.out.println("== " + target);
      System.out.print(Report.table(results.stream().filter(r -> target.equals(r.settings().getString("target", "?"))).toList()));
    }
    if (!comparisons.isEmpty()) {
      System.out.println();
      System.out.println("Switchboard beside the peers (value, and (xN) the peer's value / Switchboard's):");
      System.out.print(Comparisons.table(comparisons));
    }
    for (ScenarioResult r : results) {
      for (String sample : r.errorSamples()) {
        System.out.println("  " + r.name() + " error: " + sample);
      }
    }
    JsonObject json = Report.toJson(machine, settings, startedAt, seconds, results).put("comparisons", comparisons);
    System.out.printf("%ntotal %.1f s%n", seconds);
    if (o.out != null) {
      try {
        Files.writeString(Path.of(o.out), json.encodePrettily() + "\n", StandardCharsets.UTF_8);
        System.out.println("results written to " + o.out);
      } catch (Exception e) {
        System.err.println("error: cannot write " + o.out + ": " + e.getMessage());
      }
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
    return json.getLong("errors") == 0 ? 0 : 1;
  }

  /** Starts the work on the client's context and waits for it on the main thread (the only blocking wait). */
  public static <T> T await(Context ctx, Supplier<Future<T>> work, long seconds) throws Exception {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> {
      try {
        work.get().onComplete(p);
      } catch (RuntimeException e) {
        p.tryFail(e);
      }
    });
    return p.future().toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
