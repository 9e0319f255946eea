package io.switchboard.topic;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.eventbus.FanoutBatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A clustered node's fan-out. The node's own listeners get each message in-process, as on a standalone node
 * ({@link LocalFanout}: only those that may want its topic, nothing encoded for them). The other nodes get the
 * messages accepted during one event-loop task as one {@link FanoutBatch} published on the clustered address
 * {@link #FANOUT} once that task is over: one bus message, one encoding and one socket write per node and task, not
 * one per message. Each node takes the batches with one bus consumer, whatever its number of listeners, and hands
 * each listener, in-process again, the batches with a message it may want; the node that sent a batch ignores the
 * copy the bus hands back to it.
 * <p>
 * Why batch: under pipelined publishing the topic's group commit ({@link AppendQueue}) answers up to
 * {@value AppendQueue#MAX_BATCH} appends in one task, and each accepted message then cost the publishing node a bus
 * message, a wire encoding and a write per node, and every listener of every node a bus dispatch
 * (docs/architecture.md §3 has the measured costs). A lone publish still leaves at the end of its own task.
 * <p>
 * Why one consumer per node: Vert.x hands a clustered message to each local consumer as a copy of its own, and each
 * copy decodes the body from the wire again. With a consumer per listener (two gateway instances and the bridges'
 * relay on a 2-core node) a receiving node decoded every batch three times, 13.5 % of its samples under `saturate`,
 * and woke every listener's event loop for every batch, wanted or not.
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
  /**
   * Where the node's bus consumer is registered and runs: the context that built this fan-out (the node's main
   * verticle's), which lasts as long as the node, so that no listener's undeployment takes the consumer with it.
   */
  private final Context home;
  /** The node's one consumer of {@link #FANOUT} while a listener is registered, else null; touched on {@link #home} only. */
  private MessageConsumer<FanoutBatch> consumer;
  /** What this thread accepted during its current task, not sent yet; event-loop threads only. */
  private final ThreadLocal<FanoutBatch.Builder> outgoing = ThreadLocal.withInitial(FanoutBatch.Builder::new);

  BusFanout(Vertx vertx, String nodeId) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.home = vertx.getOrCreateContext();
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
    home.runOnContext(v -> consumeWhileListened());
    return () -> {
      inProcess.unregister();
      home.runOnContext(v -> consumeWhileListened());
    };
  }

  /** Completes once the node's consumer is registered (or fails with no listener): tests publish after it. */
  Future<Void> consuming() {
    Promise<Void> registered = Promise.promise();
    home.runOnContext(v -> { // after the registration that listen scheduled
      if (consumer == null) {
        registered.fail("no listener, no consumer");
      } else {
        consumer.completion().onComplete(registered);
      }
    });
    return registered.future();
  }

  /**
   * Registers the node's consumer if a listener is registered and it is not, unregisters it if none is; on
   * {@link #home}, after every registration and unregistration (deployments: rare), so the last one decides.
   */
  private void consumeWhileListened() {
    if (local.listened() && consumer == null) {
      consumer = vertx.eventBus().consumer(FANOUT, m -> {
        FanoutBatch batch = m.body(); // decoded once for the node
        if (!nodeId.equals(batch.origin())) { // this node's own messages: its listeners had them in-process
          local.publish(batch);
        }
      });
    } else if (!local.listened() && consumer != null) {
      consumer.unregister();
      consumer = null;
    }
  }
}
