package io.switchboard.ws;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numbered messages delivered in number order: in order at once, held when early, recovered when missing. */
@ExtendWith(VertxExtension.class)
class ReordererTest {

  private record Msg(String epoch, long number) {
  }

  /** A stream whose store holds every number of epoch "e" (the test says which ones are gone). */
  private static final class Recording implements Reorderer.Stream<Msg> {
    final List<Long> dispatched = new ArrayList<>();
    final List<Long> gone = new ArrayList<>();
    boolean expectsSeed;
    int fetches;

    @Override
    public String epoch(Msg m) {
      return m.epoch();
    }

    @Override
    public long number(Msg m) {
      return m.number();
    }

    @Override
    public void dispatch(String key, Msg m) {
      dispatched.add(m.number());
    }

    @Override
    public Future<List<Msg>> missing(String key, String epoch, long from, int count) {
      fetches++;
      List<Msg> found = new ArrayList<>();
      for (long n = from + 1; n <= from + count; n++) {
        if (!gone.contains(n)) {
          found.add(new Msg(epoch, n));
        }
      }
      return Future.succeededFuture(found);
    }

    @Override
    public boolean expectsSeed(String key) {
      return expectsSeed;
    }
  }

  @Test
  void inOrderMessagesGoOutAtOnceAndRepeatsAreDropped(Vertx vertx) {
    Recording stream = new Recording();
    Reorderer<Msg> order = new Reorderer<>(vertx, 10_000, stream);
    order.seed("t", "e", 4);
    for (long n = 5; n <= 8; n++) {
      order.accept("t", new Msg("e", n));
    }
    order.accept("t", new Msg("e", 6)); // already dispatched
    order.accept("t", new Msg("e", 3)); // before the reader's position
    assertEquals(List.of(5L, 6L, 7L, 8L), stream.dispatched);
    order.stop();
  }

  @Test
  void anEarlyMessageWaitsForTheOneBeforeIt(Vertx vertx) {
    Recording stream = new Recording();
    Reorderer<Msg> order = new Reorderer<>(vertx, 10_000, stream);
    order.seed("t", "e", 0);
    order.accept("t", new Msg("e", 1));
    order.accept("t", new Msg("e", 3));
    order.accept("t", new Msg("e", 4));
    assertEquals(List.of(1L), stream.dispatched, "3 and 4 wait for 2");
    order.accept("t", new Msg("e", 2));
    order.accept("t", new Msg("e", 5)); // in order again after the hold: straight through
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), stream.dispatched);
    assertEquals(0, stream.fetches);
    order.stop();
  }

  @Test
  void aMessageThatNeverComesIsReadFromTheStoreAfterTheWait(Vertx vertx, VertxTestContext ctx) throws Exception {
    Recording stream = new Recording();
    stream.gone.add(3L); // 3 is not in the store either: skipped after the read
    Reorderer<Msg> order = new Reorderer<>(vertx, 50, stream);
    vertx.runOnContext(v -> {
      order.seed("t", "e", 0);
      order.accept("t", new Msg("e", 4));
      vertx.setTimer(300, t -> ctx.verify(() -> {
        assertEquals(List.of(1L, 2L, 4L), stream.dispatched);
        // the first read brings 1 and 2; 3 might still be in flight, so it is read again after one more wait
        assertEquals(2, stream.fetches);
        order.accept("t", new Msg("e", 5));
        assertEquals(List.of(1L, 2L, 4L, 5L), stream.dispatched);
        ctx.completeNow();
      }));
    });
    assertTrue(ctx.awaitCompletion(5, TimeUnit.SECONDS));
  }

  @Test
  void aNewEpochStartsTheStreamOverAndAnUnseededStreamAnchorsOnItsFirstMessage(Vertx vertx) {
    Recording stream = new Recording();
    Reorderer<Msg> order = new Reorderer<>(vertx, 10_000, stream);
    order.accept("t", new Msg("e", 7)); // nobody seeded "t" and it expects no seed: 7 is where it starts
    order.accept("t", new Msg("e", 8));
    order.accept("t", new Msg("f", 1)); // the store started over
    order.accept("t", new Msg("f", 2));
    assertEquals(List.of(7L, 8L, 1L, 2L), stream.dispatched);
    order.stop();
  }

  @Test
  void aStreamThatExpectsASeedHoldsEverythingUntilTheReaderSeedsIt(Vertx vertx) {
    Recording stream = new Recording();
    stream.expectsSeed = true;
    Reorderer<Msg> order = new Reorderer<>(vertx, 10_000, stream);
    order.accept("t", new Msg("e", 3));
    order.accept("t", new Msg("e", 4));
    assertEquals(List.of(), stream.dispatched);
    order.seed("t", "e", 3); // the reader's position: 3 is already known to it
    assertEquals(List.of(4L), stream.dispatched);
    order.accept("t", new Msg("e", 5));
    assertEquals(List.of(4L, 5L), stream.dispatched);
    order.stop();
  }
}
