package io.switchboard.load.peer;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay subset's state for {@link VertxRelay}, shared by its verticles (one per event loop): topic → open
 * sockets and a per-topic sequence counter. Nothing else: no auth, no history, no limits — the point is to
 * measure what raw Vert.x WebSockets cost on this machine.
 */
final class RelayHub {

  /** One topic: its subscribers and its counter. Publishing locks the topic so every subscriber sees seq order. */
  private static final class Topic {
    final Set<ServerWebSocket> subscribers = ConcurrentHashMap.newKeySet();
    long seq;
  }

  private final Map<String, Topic> topics = new ConcurrentHashMap<>();

  void subscribe(String topic, ServerWebSocket ws) {
    topics.computeIfAbsent(topic, t -> new Topic()).subscribers.add(ws);
  }

  void unsubscribe(String topic, ServerWebSocket ws) {
    Topic t = topics.get(topic);
    if (t != null) {
      t.subscribers.remove(ws);
    }
  }

  /**
   * Numbers the message, acks it (when asked) before any delivery, and writes one encoded {@code deliver} to
   * every subscriber. Writing to a socket of another event loop is safe in Vert.x: the write is handed to that
   * socket's loop, in the order of the calls, so the lock keeps seq order per subscriber.
   */
  void publish(ServerWebSocket from, JsonObject publish) {
    String topic = publish.getString("topic");
    Topic t = topics.computeIfAbsent(topic, k -> new Topic());
    synchronized (t) {
      long seq = ++t.seq;
      if (publish.getBoolean("ack", false)) {
        from.writeTextMessage(new JsonObject().put("type", "ack").put("id", publish.getValue("id"))
            .put("topic", topic).put("seq", seq).encode());
      }
      if (t.subscribers.isEmpty()) {
        return;
      }
      String deliver = new JsonObject().put("type", "deliver").put("topic", topic).put("seq", seq)
          .put("payload", publish.getValue("payload")).put("publisher", "anonymous")
          .put("ts", System.currentTimeMillis()).encode();
      for (ServerWebSocket ws : t.subscribers) {
        ws.writeTextMessage(deliver);
      }
    }
  }
}
