package io.switchboard.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A standalone node's in-process hand-over to the verticles that listen (gateway instances, relays): each listener is
 * handed what it may want as a task on its own context, after the publisher's current task, and a listener that does
 * not want it is not woken. What a cluster sends over a clustered bus address, a node alone hands over so: with nobody
 * else to reach, the local bus only added a message object, a delivery context and a consumer queue per message and
 * listener, a copy of a JSON body for each, and a wake-up of every listening event loop (docs/architecture.md §2).
 */
public final class ContextListeners<L> {

  private record Listening<L>(Context context, L listener) {
  }

  /** Added and removed at deploy and undeploy only; read for every message. */
  private final List<Listening<L>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Adds {@code listener} on the caller's context (call it from the listener's verticle); returns what removes it.
   */
  public Runnable add(L listener) {
    Context context = Objects.requireNonNull(Vertx.currentContext(), "listen from the listener's context");
    Listening<L> l = new Listening<>(context, listener);
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  /** Whether no listener is registered. */
  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  /**
   * Hands {@code message} (made once, for the first listener that wants it) to each listener that {@code wants} it,
   * as {@code handle} on the listener's context.
   */
  public <M> void each(Predicate<L> wants, Supplier<M> message, BiConsumer<L, M> handle) {
    M made = null;
    for (Listening<L> l : listeners) {
      if (wants.test(l.listener())) {
        if (made == null) {
          made = message.get();
        }
        M m = made;
        l.context().runOnContext(v -> handle.accept(l.listener(), m));
      }
    }
  }
}
