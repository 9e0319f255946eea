package io.switchboard.load.scenario;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Many connections opened (or other tasks run) in parallel batches: a batch of {@code size} tasks at once, then
 * the next when the whole batch is done. Faster than one by one, without flooding the server's accept queue with
 * thousands of handshakes at the same instant.
 */
public final class Batches {

  /** Decides after each batch whether to go on: {@code ok} and {@code failed} count that batch's tasks. */
  public interface Judge {
    boolean keepGoing(int ok, int failed);
  }

  private Batches() {
  }

  /** Runs task(0) … task(n-1) in batches; stops early at the deadline. Completes with how many were started. */
  public static Future<Integer> run(Context ctx, int n, int size, long deadline, IntFunction<Future<?>> task) {
    return run(ctx, n, size, deadline, task, (ok, failed) -> true);
  }

  /** As {@link #run(Context, int, int, long, IntFunction)}, stopping also when the judge says so. */
  public static Future<Integer> run(Context ctx, int n, int size, long deadline, IntFunction<Future<?>> task, Judge judge) {
    Promise<Integer> done = Promise.promise();
    next(ctx, 0, n, Math.max(1, size), deadline, task, judge, done);
    return done.future();
  }

  private static void next(Context ctx, int from, int n, int size, long deadline, IntFunction<Future<?>> task,
                           Judge judge, Promise<Integer> done) {
    if (from >= n || System.nanoTime() - deadline > 0) {
      done.complete(from);
      return;
    }
    int to = Math.min(n, from + size);
    List<Future<?>> batch = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      try {
        batch.add(task.apply(i));
      } catch (RuntimeException e) {
        batch.add(Future.failedFuture(e));
      }
    }
    Future.join(batch).onComplete(ar -> {
      int failed = (int) batch.stream().filter(Future::failed).count();
      boolean go = judge.keepGoing(batch.size() - failed, failed);
      ctx.runOnContext(v -> {
        if (go) {
          next(ctx, to, n, size, deadline, task, judge, done);
        } else {
          done.complete(to);
        }
      });
    });
  }
}
