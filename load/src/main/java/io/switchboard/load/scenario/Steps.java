package io.switchboard.load.scenario;

import io.switchboard.load.report.Progress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.IntFunction;

/** Helpers shared by the scenarios: bounded sequential loops and progress lines. */
public final class Steps {

  public static final long STEP_TIMEOUT_MS = 5_000;
  public static final long DRAIN_TIMEOUT_MS = 10_000;

  private Steps() {
  }

  /** A progress line; one starting with {@code done/total} gets an ETA and is rate limited (see {@link Progress}). */
  public static void progress(String scenario, String text) {
    Progress.line(scenario, text);
  }

  /** Runs step(0) .. step(n-1) one after the other; stops early at the deadline. Returns how many ran. */
  public static Future<Integer> sequential(Context ctx, int n, long deadline, IntFunction<Future<?>> step) {
    Promise<Integer> done = Promise.promise();
    next(ctx, 0, n, deadline, step, done);
    return done.future();
  }

  private static void next(Context ctx, int i, int n, long deadline, IntFunction<Future<?>> step, Promise<Integer> done) {
    if (i >= n || System.nanoTime() - deadline > 0) {
      done.complete(i);
      return;
    }
    // runOnContext: a step that completes at once must not grow the stack
    step.apply(i).onComplete(ar -> ctx.runOnContext(v -> next(ctx, i + 1, n, deadline, step, done)));
  }
}
