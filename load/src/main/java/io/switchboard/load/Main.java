package io.switchboard.load;

import io.switchboard.load.report.Baseline;
import io.switchboard.load.report.ConsoleReport;
import io.switchboard.load.report.HtmlReport;
import io.switchboard.load.report.Report;
import io.switchboard.load.report.ReportCommands;
import io.switchboard.load.suite.Comparisons;
import io.switchboard.load.suite.SuiteRunner;
import io.switchboard.load.target.LaunchCommands;
import io.switchboard.load.target.Launcher;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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
    if (args.length > 0 && ReportCommands.COMMANDS.contains(args[0])) {
      return ReportCommands.run(args, System.out, System.err);
    }
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
    try (Launcher launcher = new Launcher(LaunchCommands.from(o), o.clusterNodes)) {
      List<Comparisons.Run> runs = new SuiteRunner(vertx, ctx, o, launcher).run();
      runs.forEach(r -> results.add(r.result()));
      comparisons = Comparisons.compute(runs);
      settings.put("targets", launcher.describe());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    JsonObject json = Report.toJson(machine, settings, startedAt, seconds, results, comparisons);
    System.out.println();
    System.out.print(ConsoleReport.render(json));
    boolean written = writeOutputs(json, o);
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
    return json.getLong("errors") == 0 && written ? 0 : 1;
  }

  /** --out, --html, --save-baseline; false if one of them could not be written. */
  private static boolean writeOutputs(JsonObject json, Options o) {
    boolean ok = true;
    if (o.out != null) {
      ok &= ReportCommands.write(Path.of(o.out), json.encodePrettily() + "\n", "results", System.out);
    }
    if (o.html != null) {
      ok &= ReportCommands.write(Path.of(o.html), HtmlReport.render(json), "HTML report", System.out);
    }
    if (o.saveBaseline != null) {
      ok &= ReportCommands.write(Path.of(o.saveBaseline), Baseline.of(json).encodePrettily() + "\n", "baseline",
          System.out);
    }
    return ok;
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
