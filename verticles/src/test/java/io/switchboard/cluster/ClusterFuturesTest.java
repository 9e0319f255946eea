package io.switchboard.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hazelcast's answers as futures of the caller's context: the answer and a timeout both land there. */
@ExtendWith(VertxExtension.class)
class ClusterFuturesTest {

  @Test
  void anAnswerCompletedOnAnotherThreadIsHandledOnTheCallersContext(Vertx vertx, VertxTestContext ctx) {
    Context caller = vertx.getOrCreateContext();
    CompletableFuture<String> stage = new CompletableFuture<>();
    caller.runOnContext(v -> {
      ClusterFutures.on(stage, vertx).onComplete(ctx.succeeding(value -> ctx.verify(() -> {
        assertEquals("answer", value);
        assertSame(caller, Vertx.currentContext());
        ctx.completeNow();
      })));
      new Thread(() -> stage.complete("answer"), "hazelcast-like").start();
    });
  }

  /**
   * A future without a context schedules {@code Future.timeout} on Netty's global executor: a thread of its own,
   * woken for every call (every collaborative edit went through it). Bound to the context, the timer is the event
   * loop's, and the timeout is handled there.
   */
  @Test
  void aTimeoutFiresOnTheCallersContextNotOnAGlobalThread(Vertx vertx, VertxTestContext ctx) {
    Context caller = vertx.getOrCreateContext();
    caller.runOnContext(v -> {
      Future<String> never = ClusterFutures.on(new CompletableFuture<String>(), vertx);
      never.timeout(20, TimeUnit.MILLISECONDS).onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertSame(caller, Vertx.currentContext());
        assertTrue(Thread.currentThread().getName().startsWith("vert.x-eventloop-thread-"),
          Thread.currentThread().getName());
        ctx.completeNow();
      })));
    });
  }
}
