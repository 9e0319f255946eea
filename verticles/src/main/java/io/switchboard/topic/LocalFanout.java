package io.switchboard.topic;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.message.Deliver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

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

  private record Listening(Context context, Listener listener) {
  }

  /** Registered and removed at deploy and undeploy only; read for every message. */
  private final List<Listening> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(Deliver deliver, int priority) {
    Envelope message = null;
    String topic = deliver.topic();
    for (Listening l : listeners) {
      if (l.listener().mayWant(topic)) {
        if (message == null) {
          message = Envelope.of(deliver);
        }
        Envelope m = message;
        l.context().runOnContext(v -> l.listener().deliver(m, priority));
      }
    }
  }

  @Override
  public Registration listen(Listener listener) {
    Context context = Objects.requireNonNull(Vertx.currentContext(), "listen from the listener's context");
    Listening l = new Listening(context, listener);
    listeners.add(l);
    return () -> listeners.remove(l);
  }
}
