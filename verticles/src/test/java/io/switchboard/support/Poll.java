package io.switchboard.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/** Waiting for a condition in a test without blocking: bounded in attempts, never a sleep used as an assertion. */
public final class Poll {

  private Poll() {
  }

  /**
   * Evaluates {@code check} every {@code intervalMs} until it yields true; fails with {@code what} after
   * {@code attempts} tries (a failed check counts as false).
   */
  public static Future<Void> until(Vertx vertx, String what, int attempts, long intervalMs, Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    attempt(vertx, what, attempts, intervalMs, check, done);
    return done.future();
  }

  private static void attempt(Vertx vertx, String what, int left, long intervalMs, Supplier<Future<Boolean>> check,
                              Promise<Void> done) {
    check.get().otherwise(false).onComplete(ar -> {
      if (Boolean.TRUE.equals(ar.result())) {
        done.complete();
      } else if (left <= 1) {
        done.fail("gave up waiting for " + what);
      } else {
        vertx.setTimer(intervalMs, t -> attempt(vertx, what, left - 1, intervalMs, check, done));
      }
    });
  }
}
