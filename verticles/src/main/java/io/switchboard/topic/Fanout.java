package io.switchboard.topic;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.protocol.codec.Envelope;
import io.vertx.core.Vertx;

/**
 * How a sequenced topic message reaches the node's listeners (each WebSocket gateway instance, the bridge's relay):
 * the one seam between delivering in-process ({@link LocalFanout}, a standalone node) and over the clustered event
 * bus ({@link BusFanout}, a node of a cluster, which must also reach the other nodes). The pipeline publishes each
 * accepted message once; a listener receives it on its own context and delivers it to its own subscribers.
 * <p>
 * Messages of one topic may reach a listener out of order (published from several event loops, or several nodes):
 * listeners order them by sequence number (the gateway's {@code Reorderer}).
 */
public interface Fanout {

  /** Publishes an accepted message once to every listener of the node (and, in a cluster, of every node). */
  void publish(Envelope message, int priority);

  /**
   * Registers {@code listener} on the caller's context (call it from the listener's verticle); messages are handed
   * to it there, never inline in the publisher's call. Returns what unregisters it.
   */
  Registration listen(Listener listener);

  /** What receives the node's topic messages. */
  interface Listener {

    /**
     * Whether this listener may want messages of {@code topic} now; called from any thread, so it reads only
     * thread-safe state, and it may say yes for a topic it then ignores. A standalone node hands a message only to
     * the listeners that may want it: no thread hop for an event loop with nobody listening.
     */
    boolean mayWant(String topic);

    /** One message, on the listener's context. */
    void deliver(Envelope message, int priority);
  }

  /** A listener's registration. */
  interface Registration {
    void unregister();
  }

  /** The node's fan-out: over the bus when the node is clustered, in-process when it is standalone. */
  static Fanout of(Vertx vertx, ClusterNode node) {
    return node.clustered() ? new BusFanout(vertx, node.nodeId()) : new LocalFanout();
  }
}
