package io.switchboard.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Hazelcast's asynchronous results (entry processors, {@code getAsync}, {@code setAsync}…) as Vert.x futures completed
 * on the caller's context.
 *
 * <p>Why not {@link Future#fromCompletionStage(CompletionStage, Context)}: it registers with {@code whenComplete},
 * which Hazelcast runs on its default async executor, the common fork-join pool, and on a machine with two cores
 * (common-pool parallelism 1) the JDK replaces that pool with a new thread per task. A profile of the pipelined
 * throughput benchmark on such a machine showed about 3,400 threads started per second, one per topic append,
 * and the appends throttled by it. Here the completion runs on the thread that completes the stage (a Hazelcast
 * partition or response thread) and does only what is safe there: it hands the result to the Vert.x context.
 */
public final class ClusterFutures {

  /** Runs the callback on the completing thread; the callback only enqueues on a Vert.x context. */
  private static final Executor ON_COMPLETING_THREAD = Runnable::run;

  private ClusterFutures() {
  }

  public static <T> Future<T> on(CompletionStage<T> stage, Context context) {
    // Bound to the context: a future without one schedules its timeout (Future.timeout) on Netty's global executor,
    // a thread of its own woken for every call and cancelled again for every answer.
    Promise<T> promise = ((ContextInternal) context).promise();
    stage.whenCompleteAsync((value, err) -> context.runOnContext(v -> {
      if (err != null) {
        promise.fail(err);
      } else {
        promise.complete(value);
      }
    }), ON_COMPLETING_THREAD);
    return promise.future();
  }

  /**
   * As {@link #on(CompletionStage, Context)}, on the context of the caller (the one current when this is called):
   * for services called from any event loop of the node, whose answers must come back where they were asked.
   */
  public static <T> Future<T> on(CompletionStage<T> stage, Vertx vertx) {
    return on(stage, vertx.getOrCreateContext());
  }
}
