package io.switchboard.bridge;

import io.switchboard.cluster.NodeServices;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The topics that bridge clients on this node (TCP and SockJS) have registered for, counted by connection, so that
 * {@link BridgeServices} converts and relays a delivery only where someone listens: it used to turn every message to
 * JSON and publish it to a bridge address with nobody on it (7 % of a publish's CPU with no bridge client at all),
 * and consumes the fan-out at all only while some client listens ({@link #onChange}).
 */
public final class BridgeTopics implements Shareable {

  private static final String KEY = "bridge.topics";
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  private final Map<Object, Set<String>> bySocket = new ConcurrentHashMap<>();
  private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

  public static BridgeTopics of(Vertx vertx) {
    BridgeTopics fresh = new BridgeTopics();
    return NodeServices.registerIfAbsent(vertx, KEY, fresh) ? fresh : NodeServices.find(vertx, KEY);
  }

  public boolean listened(String topic) {
    return counts.containsKey(topic);
  }

  /** Whether any bridge client on this node listens to any topic. */
  public boolean anyListened() {
    return !counts.isEmpty();
  }

  /**
   * Runs {@code watcher} (on the calling thread) whenever {@link #anyListened} may have changed; it reads the state
   * itself, so a notice merged with or following another is harmless.
   */
  public void onChange(Runnable watcher) {
    watchers.add(watcher);
  }

  public void stopWatching(Runnable watcher) {
    watchers.remove(watcher);
  }

  void registered(Object socket, String topic) {
    boolean before = anyListened();
    if (bySocket.computeIfAbsent(socket, s -> ConcurrentHashMap.newKeySet()).add(topic)) {
      counts.merge(topic, 1, Integer::sum);
    }
    changed(before);
  }

  void unregistered(Object socket, String topic) {
    boolean before = anyListened();
    Set<String> topics = bySocket.get(socket);
    if (topics != null && topics.remove(topic)) {
      counts.computeIfPresent(topic, (t, n) -> n <= 1 ? null : n - 1);
    }
    changed(before);
  }

  void closed(Object socket) {
    boolean before = anyListened();
    Set<String> topics = bySocket.remove(socket);
    if (topics != null) {
      topics.forEach(t -> counts.computeIfPresent(t, (k, n) -> n <= 1 ? null : n - 1));
    }
    changed(before);
  }

  private void changed(boolean before) {
    if (before != anyListened()) {
      watchers.forEach(Runnable::run);
    }
  }
}
