package io.switchboard.topic;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.message.Deliver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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

/** A standalone node's in-process fan-out: who gets a message, on which context, and when. */
@ExtendWith(VertxExtension.class)
class LocalFanoutTest {

  private static Deliver message(String topic, long seq) {
    return new Deliver(topic, "e", seq, "m" + seq, "alice", 1L, "p" + seq);
  }

  /** Records what it is handed and on which context; wants the topics it was built with. */
  private static final class Recorder implements Fanout.Listener {
    final List<String> wanted;
    final List<Long> seqs = new CopyOnWriteArrayList<>();
    final List<Context> contexts = new CopyOnWriteArrayList<>();
    final List<Integer> priorities = new CopyOnWriteArrayList<>();

    Recorder(String... wanted) {
      this.wanted = List.of(wanted);
    }

    @Override
    public boolean mayWant(String topic) {
      return wanted.contains(topic);
    }

    @Override
    public void deliver(Envelope message, int priority) {
      seqs.add(((Deliver) message.message()).seq());
      contexts.add(Vertx.currentContext());
      priorities.add(priority);
    }
  }

  @Test
  void aMessageReachesEachListenerThatWantsItOnTheListenersOwnContext(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    LocalFanout fanout = new LocalFanout();
    Recorder chat = new Recorder("chat");
    Recorder other = new Recorder("news");
    Context chatContext = vertx.getOrCreateContext();
    Context otherContext = vertx.getOrCreateContext();
    chatContext.runOnContext(v -> fanout.listen(chat));
    otherContext.runOnContext(v -> fanout.listen(other));
    vertx.setTimer(50, t -> vertx.getOrCreateContext().runOnContext(v -> {
      fanout.publish(Envelope.of(message("chat", 1)), 3);
      fanout.publish(Envelope.of(message("chat", 2)), 2);
      vertx.setTimer(100, t2 -> ctx.verify(() -> {
        assertEquals(List.of(1L, 2L), chat.seqs);
        assertEquals(List.of(3, 2), chat.priorities);
        assertTrue(chat.contexts.stream().allMatch(c -> c == chatContext), "handed over on the listener's context");
        assertEquals(List.of(), other.seqs, "a listener that does not want the topic is not handed it");
        ctx.completeNow();
      }));
    }));
    assertTrue(ctx.awaitCompletion(5, TimeUnit.SECONDS));
  }

  @Test
  void onThePublishersOwnContextTheMessageComesAfterThePublishersCurrentTask(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    // A publisher subscribed to its own topic writes its ack in the task that published: its delivery comes after.
    LocalFanout fanout = new LocalFanout();
    Context context = vertx.getOrCreateContext();
    AtomicBoolean taskDone = new AtomicBoolean();
    context.runOnContext(v -> {
      fanout.listen(new Fanout.Listener() {
        @Override
        public boolean mayWant(String topic) {
          return true;
        }

        @Override
        public void deliver(Envelope message, int priority) {
          ctx.verify(() -> {
            assertTrue(taskDone.get(), "delivered inline, inside the publisher's task");
            assertSame(context, Vertx.currentContext());
            ctx.completeNow();
          });
        }
      });
      fanout.publish(Envelope.of(message("chat", 1)), 2);
      taskDone.set(true);
    });
    assertTrue(ctx.awaitCompletion(5, TimeUnit.SECONDS));
  }

  @Test
  void anUnregisteredListenerIsHandedNothingMore(Vertx vertx, VertxTestContext ctx) throws Exception {
    LocalFanout fanout = new LocalFanout();
    Recorder chat = new Recorder("chat");
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      Fanout.Registration registration = fanout.listen(chat);
      fanout.publish(Envelope.of(message("chat", 1)), 2);
      vertx.setTimer(50, t -> {
        registration.unregister();
        fanout.publish(Envelope.of(message("chat", 2)), 2);
        vertx.setTimer(50, t2 -> ctx.verify(() -> {
          assertEquals(List.of(1L), chat.seqs);
          ctx.completeNow();
        }));
      });
    });
    assertTrue(ctx.awaitCompletion(5, TimeUnit.SECONDS));
  }

  @Test
  void listeningNeedsTheListenersContext() {
    AtomicBoolean refused = new AtomicBoolean();
    try {
      new LocalFanout().listen(new Recorder("chat"));
    } catch (NullPointerException e) {
      refused.set(true);
    }
    assertTrue(refused.get(), "outside a context there is nowhere to hand messages to");
    assertFalse(new Recorder().mayWant("chat"));
  }
}
