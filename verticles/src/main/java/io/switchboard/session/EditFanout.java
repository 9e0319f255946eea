package io.switchboard.session;

import io.switchboard.cluster.ContextListeners;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Where applied edits go: to every gateway instance (and the MCP relay) of every node. The one seam between handing
 * them over in-process on a standalone node and publishing them on the clustered address {@link SessionApi#EDITS} in
 * a cluster, as {@code topic/Fanout} is for topic messages. In-process, an edit reaches only the listeners that may
 * want its session, as a task on each one's context, and the event object is shared: listeners only read it.
 */
public interface EditFanout {

  /** Announces an applied edit event ({@code DocumentEdits#event}) once, to every listener of every node. */
  void publish(JsonObject event);

  /**
   * Registers {@code listener} on the caller's context (call it from the listener's verticle); events are handed to
   * it there, never inline in the publisher's call. Returns what unregisters it.
   */
  Runnable listen(Listener listener);

  /** What receives the node's applied edits. */
  interface Listener {

    /**
     * Whether this listener may want edits of {@code session} now; called from any thread, so it reads only
     * thread-safe state, and it may say yes for a session it then ignores.
     */
    boolean mayWant(String session);

    /** One applied edit, on the listener's context; read-only (other listeners share it). */
    void edited(JsonObject event);
  }

  /** The node's edit fan-out: over the bus when the node is clustered, in-process when it is standalone. */
  static EditFanout of(Vertx vertx, boolean clustered) {
    return clustered ? new OnBus(vertx) : new InProcess();
  }

  /** A standalone node's: a task on each interested listener's context. */
  final class InProcess implements EditFanout {
    private final ContextListeners<Listener> listeners = new ContextListeners<>();

    @Override
    public void publish(JsonObject event) {
      String session = event.getString("session");
      listeners.each(l -> l.mayWant(session), () -> event, Listener::edited);
    }

    @Override
    public Runnable listen(Listener listener) {
      return listeners.add(listener);
    }
  }

  /** A cluster's: the clustered address, each node's listeners filtering what reaches them. */
  final class OnBus implements EditFanout {
    private final Vertx vertx;

    OnBus(Vertx vertx) {
      this.vertx = vertx;
    }

    @Override
    public void publish(JsonObject event) {
      vertx.eventBus().publish(SessionApi.EDITS, event);
    }

    @Override
    public Runnable listen(Listener listener) {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(SessionApi.EDITS, m -> {
        if (listener.mayWant(m.body().getString("session"))) {
          listener.edited(m.body());
        }
      });
      return consumer::unregister;
    }
  }
}
