package io.switchboard.session;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A standalone node's edit fan-out: who gets an applied edit, on which context, and when. */
@ExtendWith(VertxExtension.class)
class EditFanoutTest {

  private static JsonObject event(String session, long revision) {
    return new JsonObject().put("session", session).put("epoch", "e").put("revision", revision);
  }

  private static final class Recorder implements EditFanout.Listener {
    final String wanted;
    final List<Long> revisions = new CopyOnWriteArrayList<>();
    final List<Context> contexts = new CopyOnWriteArrayList<>();

    Recorder(String wanted) {
      this.wanted = wanted;
    }

    @Override
    public boolean mayWant(String session) {
      return wanted.equals(session);
    }

    @Override
    public void edited(JsonObject event) {
      revisions.add(event.getLong("revision"));
      contexts.add(Vertx.currentContext());
    }
  }

  @Test
  void anEditReachesOnlyTheListenersOfItsSessionOnTheirOwnContextsAfterThePublishersTask(Vertx vertx,
                                                                                       VertxTestContext ctx)
      throws Exception {
    EditFanout fanout = EditFanout.of(vertx, false);
    Recorder doc = new Recorder("doc");
    Recorder other = new Recorder("other");
    Context docContext = vertx.getOrCreateContext();
    Context otherContext = vertx.getOrCreateContext();
    Runnable[] registrations = new Runnable[2];
    docContext.runOnContext(v -> registrations[0] = fanout.listen(doc));
    otherContext.runOnContext(v -> registrations[1] = fanout.listen(other));
    Thread.sleep(100);
    AtomicBoolean inline = new AtomicBoolean();
    docContext.runOnContext(v -> {
      fanout.publish(event("doc", 1));
      inline.set(!doc.revisions.isEmpty()); // handed over as a task: not yet, even on the listener's own context
      fanout.publish(event("doc", 2));
    });
    vertx.setTimer(200, t -> ctx.verify(() -> {
      assertFalse(inline.get(), "delivered inline in the publisher's task");
      assertEquals(List.of(1L, 2L), doc.revisions);
      doc.contexts.forEach(c -> assertSame(docContext, c));
      assertTrue(other.revisions.isEmpty(), "a listener without the session is not handed its edits");
      registrations[0].run();
      fanout.publish(event("doc", 3));
      vertx.setTimer(100, t2 -> ctx.verify(() -> {
        assertEquals(List.of(1L, 2L), doc.revisions, "an unregistered listener gets nothing more");
        ctx.completeNow();
      }));
    }));
    assertTrue(ctx.awaitCompletion(5, TimeUnit.SECONDS));
  }
}
