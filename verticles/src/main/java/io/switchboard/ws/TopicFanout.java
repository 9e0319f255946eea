package io.switchboard.ws;

import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.message.Position;
import io.switchboard.topic.Fanout;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fan-out of accepted publishes, one instance per WsVerticle instance, listening to the node's {@link Fanout}; each
 * instance delivers a message to its own local subscribers, encoding it at most once per encoding (the
 * {@link Envelope} caches its frames).
 * <p>
 * Publishes of one topic can come from several nodes, so they may arrive out of order; a {@link Reorderer}
 * holds later ones (at most {@code ws.reorder-wait-ms}) and reads the missing ones from the topic's log. Every
 * subscriber therefore sees a topic in sequence order, the same order on every node.
 */
final class TopicFanout implements Fanout.Listener {

  private final Gateway gateway;
  /**
   * Concrete topics with a subscriber here. Changed on this instance's event loop only; concurrent so that a publisher
   * on another loop can ask {@link #mayWant} (the inner maps are this loop's alone).
   */
  private final Map<String, Map<Connection, Subscription>> literal = new ConcurrentHashMap<>();
  private final Map<Subscription, Connection> patterns = new LinkedHashMap<>();
  /** Whether {@link #patterns} is not empty, for {@link #mayWant} from another thread. */
  private volatile boolean anyPattern;
  private final Reorderer<Pending> order;
  private Fanout.Registration registration;

  private record Pending(Envelope envelope, int priority) {
  }

  TopicFanout(Gateway gateway) {
    this.gateway = gateway;
    this.order = new Reorderer<>(gateway.vertx, gateway.settings.reorderWaitMs(), new Reorderer.Stream<>() {
      @Override
      public String epoch(Pending p) {
        return p.envelope().epoch();
      }

      @Override
      public long number(Pending p) {
        return p.envelope().seq();
      }

      @Override
      public void dispatch(String topic, Pending p) {
        TopicFanout.this.dispatch(p);
      }

      @Override
      public Future<List<Pending>> missing(String topic, String epoch, long from, int count) {
        return gateway.topics.replay(topic, new Position(epoch, Math.max(0, from)), count).map(replay -> replay.messages()
          .stream().map(d -> new Pending(Envelope.of(gateway.sign(d)), Protocol.DEFAULT_PRIORITY)).toList());
      }

      @Override
      public boolean expectsSeed(String topic) {
        // A topic with concrete subscribers waits (briefly) for the position one of them read, so that a message
        // still in flight from another node is not skipped; pattern-only topics anchor on their first message.
        return literal.containsKey(topic);
      }
    });
  }

  void start() {
    registration = gateway.publisher.fanout().listen(this);
  }

  void add(Connection c, Subscription sub) {
    if (sub.literal()) {
      literal.computeIfAbsent(sub.key, k -> new HashMap<>()).put(c, sub);
    } else {
      patterns.put(sub, c);
      anyPattern = true;
    }
  }

  void remove(Connection c, Subscription sub) {
    if (sub.literal()) {
      Map<Connection, Subscription> subs = literal.get(sub.key);
      if (subs != null) {
        subs.remove(c);
        if (subs.isEmpty()) {
          literal.remove(sub.key);
          if (!anyPatternMatches(sub.key)) {
            order.forget(sub.key);
          }
        }
      }
    } else {
      patterns.remove(sub);
      anyPattern = !patterns.isEmpty();
    }
  }

  /** A concrete subscriber read the topic's position: this instance expects {@code seq + 1} next. */
  void seed(String topic, Position head) {
    order.seed(topic, head.epoch(), head.seq());
  }

  @Override
  public boolean mayWant(String topic) {
    return anyPattern || literal.containsKey(topic);
  }

  @Override
  public void deliver(Envelope envelope, int priority) {
    String topic = envelope.topic(); // off the wire, known before (and without) decoding the message
    if (!literal.containsKey(topic) && !anyPatternMatches(topic)) {
      order.forget(topic);
      return; // no local subscriber: nothing to keep, nothing to decode
    }
    order.accept(topic, new Pending(envelope, priority)); // not decoded: position and frames are read as they came
  }

  private void dispatch(Pending p) {
    String topic = p.envelope().topic();
    Map<Connection, Subscription> subs = literal.get(topic);
    if (subs != null) {
      for (Map.Entry<Connection, Subscription> e : new ArrayList<>(subs.entrySet())) {
        e.getKey().deliver(e.getValue(), p.envelope(), p.priority());
      }
    }
    if (!patterns.isEmpty()) {
      List<Map.Entry<Subscription, Connection>> matching = new ArrayList<>();
      for (Map.Entry<Subscription, Connection> e : patterns.entrySet()) {
        if (e.getKey().pattern.matches(topic)) {
          matching.add(e);
        }
      }
      for (Map.Entry<Subscription, Connection> e : matching) {
        e.getValue().deliver(e.getKey(), p.envelope(), p.priority());
      }
    }
  }

  private boolean anyPatternMatches(String topic) {
    for (Subscription s : patterns.keySet()) {
      if (s.pattern.matches(topic)) {
        return true;
      }
    }
    return false;
  }

  void stop() {
    if (registration != null) {
      registration.unregister();
    }
    order.stop();
  }
}
