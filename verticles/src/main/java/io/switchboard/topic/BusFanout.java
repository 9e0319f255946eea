package io.switchboard.topic;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.eventbus.FanoutBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A clustered node's fan-out. The node's own listeners get each message in-process, as on a standalone node
 * ({@link LocalFanout}: only those that may want its topic, nothing encoded for them). The other nodes get the
 * messages accepted during one event-loop task as one {@link FanoutBatch} published on the clustered address
 * {@link #FANOUT} once that task is over: one bus message, one encoding and one socket write per node and task, not
 * one per message. Every listener of every other node receives the batch (one bus consumer each) and takes its
 * messages in order; the node that sent a batch ignores the copy the bus hands back to its own consumers.
 * <p>
 * Why batch: under pipelined publishing the topic's group commit ({@link AppendQueue}) answers up to
 * {@value AppendQueue#MAX_BATCH} appends in one task, and each accepted message then cost the publishing node a bus
 * message, a wire encoding and a write per node, and every listener of every node a bus dispatch
 * (docs/architecture.md §3 has the measured costs). A lone publish still leaves at the end of its own task.
 */
final class BusFanout implements Fanout {

  /**
   * Its body is a {@link FanoutBatch}; it replaced {@code switchboard.topics.fanout}, which carried one envelope per
   * message (three segments, so that the event-bus meters keep its name: {@code metrics/BoundedLabels}).
   */
  public static final String FANOUT = "switchboard.topics.batches";
  /** A batch is sent before it holds more messages than this, or more MsgPack bytes than {@link #MAX_BATCH_BYTES}. */
  static final int MAX_BATCH = 256;
  static final long MAX_BATCH_BYTES = 1L << 20;

  private final Vertx vertx;
  private final String nodeId;
  private final LocalFanout local = new LocalFanout();
  /** What this thread accepted during its current task, not sent yet; event-loop threads only. */
  private final ThreadLocal<FanoutBatch.Builder> outgoing = ThreadLocal.withInitial(FanoutBatch.Builder::new);

  BusFanout(Vertx vertx, String nodeId) {
    this.vertx = vertx;
    this.nodeId = nodeId;
  }

  @Override
  public void publish(Envelope message, int priority) {
    local.publish(message, priority);
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      FanoutBatch.Builder alone = new FanoutBatch.Builder(); // not on an event loop (a worker): nothing to wait for
      alone.add(message, priority);
      send(alone);
      return;
    }
    FanoutBatch.Builder batch = outgoing.get();
    if (batch.isEmpty()) {
      FanoutBatch.Builder scheduled = batch;
      context.runOnContext(v -> send(scheduled)); // after the current task, on this same thread
    }
    batch.add(message, priority);
    if (batch.size() >= MAX_BATCH || batch.bytes() >= MAX_BATCH_BYTES) {
      send(batch);
    }
  }

  private void send(FanoutBatch.Builder batch) {
    if (!batch.isEmpty()) {
      vertx.eventBus().publish(FANOUT, batch.take(nodeId));
    }
  }

  @Override
  public Registration listen(Listener listener) {
    Registration inProcess = local.listen(listener);
    MessageConsumer<FanoutBatch> consumer = vertx.eventBus().consumer(FANOUT, m -> {
      FanoutBatch batch = m.body();
      if (nodeId.equals(batch.origin())) {
        return; // this node's own messages: its listeners had them in-process
      }
      for (int i = 0; i < batch.size(); i++) {
        listener.deliver(batch.envelope(i), batch.priority(i));
      }
    });
    return () -> {
      inProcess.unregister();
      consumer.unregister();
    };
  }
}
