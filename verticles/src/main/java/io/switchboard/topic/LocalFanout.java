package io.switchboard.topic;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.eventbus.FanoutBatch;
import io.switchboard.cluster.ContextListeners;

/**
 * A standalone node's fan-out, in-process: a message is handed to each listener that may want its topic, as a task
 * on that listener's context (after the publisher's current task, so a publisher's {@code ack} still precedes its
 * own delivery). Nothing is encoded for the hand-over and no event loop without a listener for the topic is woken.
 * <p>
 * Why not the event bus, as in a cluster: with nobody else to reach, the local bus only added a message object, a
 * delivery context and a consumer's queue per message and listener, and woke every gateway event loop for every
 * message: 9 % of a node's samples in the JSON pipelined phase of {@code throughput} (docs/architecture.md §2).
 */
final class LocalFanout implements Fanout {

  private final ContextListeners<Listener> listeners = new ContextListeners<>();

  /** Hands the message to each listener that may want its topic (its frames are encoded only when written). */
  @Override
  public void publish(Envelope message, int priority) {
    listeners.each(l -> l.mayWant(message.topic()), () -> message, (l, m) -> l.deliver(m, priority));
  }

  /**
   * Hands the messages of a batch from another node ({@link BusFanout}) to each listener that may want one of them,
   * all of them as one task on its context, in batch order (the listener drops the topics it has no subscriber for).
   */
  void publish(FanoutBatch batch) {
    listeners.each(l -> mayWantAny(l, batch), () -> batch, (l, b) -> {
      for (int i = 0; i < b.size(); i++) {
        l.deliver(b.envelope(i), b.priority(i));
      }
    });
  }

  private static boolean mayWantAny(Listener listener, FanoutBatch batch) {
    for (int i = 0; i < batch.size(); i++) {
      if (listener.mayWant(batch.envelope(i).topic())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a listener is registered. */
  boolean listened() {
    return !listeners.isEmpty();
  }

  @Override
  public Registration listen(Listener listener) {
    Runnable remove = listeners.add(listener);
    return remove::run;
  }
}
