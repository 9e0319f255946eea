package io.switchboard.bridge;

import io.switchboard.cluster.NodeServices;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics that bridge clients on this node (TCP and SockJS) have registered for, counted by connection, so that
 * {@link BridgeServices} converts and relays a delivery only where someone listens: it used to turn every message to
 * JSON and publish it to a bridge address with nobody on it (7 % of a publish's CPU with no bridge client at all).
 */
public final class BridgeTopics implements Shareable {

  private static final String KEY = "bridge.topics";
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  private final Map<Object, Set<String>> bySocket = new ConcurrentHashMap<>();

  public static BridgeTopics of(Vertx vertx) {
    BridgeTopics fresh = new BridgeTopics();
    return NodeServices.registerIfAbsent(vertx, KEY, fresh) ? fresh : NodeServices.find(vertx, KEY);
  }

  public boolean listened(String topic) {
    return counts.containsKey(topic);
  }

  void registered(Object socket, String topic) {
    if (bySocket.computeIfAbsent(socket, s -> ConcurrentHashMap.newKeySet()).add(topic)) {
      counts.merge(topic, 1, Integer::sum);
    }
  }

  void unregistered(Object socket, String topic) {
    Set<String> topics = bySocket.get(socket);
    if (topics != null && topics.remove(topic)) {
      counts.computeIfPresent(topic, (t, n) -> n <= 1 ? null : n - 1);
    }
  }

  void closed(Object socket) {
    Set<String> topics = bySocket.remove(socket);
    if (topics != null) {
      topics.forEach(t -> counts.computeIfPresent(t, (k, n) -> n <= 1 ? null : n - 1));
    }
  }
}
