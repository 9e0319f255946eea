package io.switchboard.topic;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.eventbus.FanoutBatch;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A cluster node's fan-out on two real nodes: what one event-loop task accepts crosses to the other nodes as one bus
 * message (at most {@link BusFanout#MAX_BATCH} messages each), in order, with each message's priority; the node's own
 * listeners get each message once, in-process, and not again from the bus.
 */
class BusFanoutTest {

  private TestCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.start(2, TestNodes::config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  /** Records the sequence numbers and priorities it is handed, on its own context; wants one topic. */
  private static final class Recorder implements Fanout.Listener {
    final List<Long> seqs = new CopyOnWriteArrayList<>();
    final List<Integer> priorities = new CopyOnWriteArrayList<>();
    final Promise<Void> all = Promise.promise();
    final int expected;

    final String wanted;

    Recorder(int expected) {
      this(expected, "chat");
    }

    Recorder(int expected, String wanted) {
      this.expected = expected;
      this.wanted = wanted;
    }

    @Override
    public boolean mayWant(String topic) {
      return topic.equals(wanted);
    }

    @Override
    public void deliver(Envelope message, int priority) {
      seqs.add(((Deliver) message.message()).seq());
      priorities.add(priority);
      if (seqs.size() == expected) {
        all.tryComplete();
      }
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void onContext(Context context, Runnable action) throws Exception {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      action.run();
      done.complete();
    });
    await(done.future());
  }

  @Test
  void whatOneTaskAcceptsCrossesAsOneBusMessagePerBatchInOrderAndReachesTheNodesOwnListenersOnce() throws Exception {
    Vertx a = cluster.node(0);
    Vertx b = cluster.node(1);
    BusFanout fanoutA = new BusFanout(a, "test-node-a");
    BusFanout fanoutB = new BusFanout(b, "test-node-b");
    int n = BusFanout.MAX_BATCH + 44;
    Recorder onA = new Recorder(n + 1);
    Recorder onB = new Recorder(n + 1);
    List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    Context contextA = a.getOrCreateContext();
    Context contextB = b.getOrCreateContext();
    onContext(contextA, () -> fanoutA.listen(onA));
    MessageConsumer<FanoutBatch>[] raw = new MessageConsumer[1];
    onContext(contextB, () -> {
      fanoutB.listen(onB);
      raw[0] = b.eventBus().consumer(BusFanout.FANOUT, m -> {
        if (m.body().origin().equals("test-node-a")) {
          batchSizes.add(m.body().size());
        }
      });
    });
    await(raw[0].completion());
    await(fanoutA.consuming());
    await(fanoutB.consuming());
    Thread.sleep(500); // the registrations reach the other node's view of the cluster

    onContext(a.getOrCreateContext(), () -> {
      for (int i = 1; i <= n; i++) {
        fanoutA.publish(Envelope.of(new Deliver("chat", "e", i, "m" + i, "alice", 1L, "p" + i)), i % 3);
      }
    });
    onContext(a.getOrCreateContext(), () -> fanoutA.publish(Envelope.of(new Deliver("chat", "e", n + 1, "m", "alice", 1L, "p")), 7));

    await(onB.all.future());
    await(onA.all.future());
    Thread.sleep(300); // anything delivered twice would arrive by now
    List<Long> expected = LongStream.rangeClosed(1, n + 1).boxed().toList();
    List<Integer> priorities = IntStream.rangeClosed(1, n + 1).map(i -> i == n + 1 ? 7 : i % 3).boxed().toList();
    assertEquals(expected, onB.seqs, "the other node's listener: every message once, in order");
    assertEquals(priorities, onB.priorities);
    assertEquals(expected, onA.seqs, "the publishing node's own listener: once, in-process, not again off the bus");
    assertEquals(priorities, onA.priorities);
    assertEquals(List.of(BusFanout.MAX_BATCH, 44, 1), batchSizes,
      "one bus message per task, cut at the batch bound: " + batchSizes);
  }

  @Test
  void aListenerOnAnotherNodeIsHandedOnlyBatchesWithAMessageItMayWant() throws Exception {
    Vertx a = cluster.node(0);
    Vertx b = cluster.node(1);
    BusFanout fanoutA = new BusFanout(a, "test-node-a");
    BusFanout fanoutB = new BusFanout(b, "test-node-b");
    Recorder chat = new Recorder(3, "chat");
    Recorder other = new Recorder(1, "other");
    onContext(b.getOrCreateContext(), () -> fanoutB.listen(chat));
    onContext(b.getOrCreateContext(), () -> fanoutB.listen(other));
    await(fanoutB.consuming());
    Thread.sleep(500); // the registration reaches the other node's view of the cluster

    for (int batch = 1; batch <= 2; batch++) { // two tasks, two batches, on the topic one listener has no interest in
      long seq = batch;
      onContext(a.getOrCreateContext(), () -> fanoutA.publish(Envelope.of(new Deliver("chat", "e", seq, "m" + seq, "alice", 1L, "p")), 0));
    }
    onContext(a.getOrCreateContext(), () -> { // one batch with both topics
      fanoutA.publish(Envelope.of(new Deliver("chat", "e", 3, "m3", "alice", 1L, "p")), 0);
      fanoutA.publish(Envelope.of(new Deliver("other", "e", 1, "o1", "alice", 1L, "p")), 0);
    });

    await(chat.all.future());
    await(other.all.future());
    Thread.sleep(300); // anything handed over needlessly would arrive by now
    assertEquals(List.of(1L, 2L, 3L, 1L), chat.seqs, "every batch, each with a chat message");
    assertEquals(List.of(3L, 1L), other.seqs,
      "only the batch holding a message of its topic (the whole batch: the listener drops what it has no subscriber for)");
  }
}
