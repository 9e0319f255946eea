package io.switchboard.ws;

import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.eventbus.EnvelopeCodec;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Position;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fan-out of accepted publishes, one instance per WsVerticle instance. A publish is sent once on the clustered
 * address {@link #ADDRESS} (the bus carries it once per node); each instance delivers it to its own local
 * subscribers, encoding it at most once per encoding (the {@link Envelope} caches its frames).
 * <p>
 * Publishes of one topic can come from several nodes, so they may arrive out of order. Each topic with local
 * subscribers keeps the next sequence number it expects: later ones wait (at most {@code ws.reorder-wait-ms}),
 * then the missing ones are fetched from the topic's log. Every subscriber therefore sees a topic in sequence
 * order, the same order on every node.
 */
final class TopicFanout {

  public static final String ADDRESS = "switchboard.topics.fanout";
  private static final String PRIORITY_HEADER = "priority";

  private final Gateway gateway;
  private final Map<String, Map<Connection, Subscription>> literal = new HashMap<>();
  private final Map<Subscription, Connection> patterns = new LinkedHashMap<>();
  private final Map<String, TopicOrder> order = new HashMap<>();
  private MessageConsumer<Envelope> consumer;

  /** Per-topic ordering state. */
  private static final class TopicOrder {
    String epoch;
    long next = -1;
    final TreeMap<Long, Pending> waiting = new TreeMap<>();
    long timer = -1;
    boolean fetching;
  }

  private record Pending(Deliver deliver, Envelope envelope, int priority) {
  }

  TopicFanout(Gateway gateway) {
    this.gateway = gateway;
  }

  void start() {
    consumer = gateway.vertx.eventBus().consumer(ADDRESS, this::received);
  }

  /** Sends an accepted (sequenced) message to every node. */
  void publish(Deliver d, int priority) {
    Envelope envelope = Envelope.of(gateway.sign(d));
    gateway.vertx.eventBus().publish(ADDRESS, envelope, new DeliveryOptions()
      .setCodecName(EnvelopeCodec.NAME).addHeader(PRIORITY_HEADER, Integer.toString(priority)));
  }

  void add(Connection c, Subscription sub) {
    if (sub.literal()) {
      literal.computeIfAbsent(sub.key, k -> new HashMap<>()).put(c, sub);
    } else {
      patterns.put(sub, c);
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
            forget(sub.key);
          }
        }
      }
    } else {
      patterns.remove(sub);
    }
  }

  private void received(Message<Envelope> msg) {
    Envelope envelope = msg.body();
    Deliver d = (Deliver) envelope.message();
    if (!literal.containsKey(d.topic()) && !anyPatternMatches(d.topic())) {
      forget(d.topic());
      return; // no local subscriber: nothing to keep
    }
    String p = msg.headers().get(PRIORITY_HEADER);
    int priority = p == null ? Protocol.DEFAULT_PRIORITY : Integer.parseInt(p);
    accept(d, envelope, priority);
  }

  /**
   * A concrete subscriber has read the topic's position: from there on this instance expects {@code seq + 1}.
   * Until a topic is anchored (by this, or by its first message when only patterns want it), its messages wait.
   */
  void seed(String topic, Position head) {
    TopicOrder o = order.get(topic);
    if (o == null) {
      o = new TopicOrder();
      o.epoch = head.epoch();
      o.next = head.seq() + 1;
      order.put(topic, o);
    } else if (o.next < 0 && head.epoch().equals(o.epoch)) {
      o.next = head.seq() + 1;
      o.waiting.headMap(o.next).clear();
      cancel(o);
      flush(topic, o);
    }
  }

  private void accept(Deliver d, Envelope envelope, int priority) {
    TopicOrder o = order.get(d.topic());
    if (o == null || !o.epoch.equals(d.epoch())) {
      // First message for this topic here, or its log started over. Pattern-only topics anchor on it; a topic
      // with concrete subscribers waits (briefly) for the position one of them read, so a message still in
      // flight from another node is not skipped.
      if (o != null) {
        cancel(o);
      }
      o = new TopicOrder();
      o.epoch = d.epoch();
      o.next = literal.containsKey(d.topic()) ? -1 : d.seq();
      order.put(d.topic(), o);
    }
    if (o.next >= 0 && d.seq() < o.next) {
      return; // already delivered (e.g. fetched from the log while it was in flight)
    }
    o.waiting.put(d.seq(), new Pending(d, envelope, priority));
    flush(d.topic(), o);
  }

  private void flush(String topic, TopicOrder o) {
    Map.Entry<Long, Pending> first;
    while (o.next >= 0 && (first = o.waiting.firstEntry()) != null && first.getKey() == o.next) {
      o.waiting.pollFirstEntry();
      dispatch(first.getValue());
      o.next++;
    }
    if (o.waiting.isEmpty()) {
      cancel(o);
    } else if (o.timer < 0 && !o.fetching) {
      o.timer = gateway.vertx.setTimer(gateway.settings.reorderWaitMs(), t -> {
        o.timer = -1;
        if (o.next < 0 && !o.waiting.isEmpty()) {
          o.next = o.waiting.firstKey(); // no position came: anchor on what arrived
          flush(topic, o);
        } else {
          fetchMissing(topic, o);
        }
      });
    }
  }

  /** A sequence number did not arrive in time: read the gap from the topic's log. */
  private void fetchMissing(String topic, TopicOrder o) {
    if (o.waiting.isEmpty()) {
      return;
    }
    o.fetching = true;
    long from = o.next - 1;
    int count = (int) Math.min(Integer.MAX_VALUE, o.waiting.firstKey() - o.next);
    gateway.topics.replay(topic, new Position(o.epoch, Math.max(0, from)), count).onComplete(replay -> {
      o.fetching = false;
      if (replay.gap() != null && replay.gap().available() != null && replay.gap().available().epoch().equals(o.epoch)) {
        o.next = Math.max(o.next, replay.gap().available().seq() + 1); // fell out of history: skip what is gone
      }
      for (Deliver d : replay.messages()) {
        if (d.epoch().equals(o.epoch) && d.seq() >= o.next && !o.waiting.containsKey(d.seq())) {
          o.waiting.put(d.seq(), new Pending(d, Envelope.of(gateway.sign(d)), Protocol.DEFAULT_PRIORITY));
        }
      }
      if (!o.waiting.isEmpty() && o.waiting.firstKey() > o.next) {
        gateway.log.warn("topic {}: seq {} to {} could not be recovered, skipping", topic, o.next, o.waiting.firstKey() - 1);
        o.next = o.waiting.firstKey();
      }
      flush(topic, o);
    }, err -> {
      o.fetching = false;
      gateway.log.warn("topic {}: could not fetch missing messages: {}", topic, err.getMessage());
      flush(topic, o);
    });
  }

  private void dispatch(Pending p) {
    Deliver d = p.deliver();
    Map<Connection, Subscription> subs = literal.get(d.topic());
    if (subs != null) {
      for (Map.Entry<Connection, Subscription> e : new ArrayList<>(subs.entrySet())) {
        e.getKey().deliver(e.getValue(), d, p.envelope(), p.priority());
      }
    }
    if (!patterns.isEmpty()) {
      List<Map.Entry<Subscription, Connection>> matching = new ArrayList<>();
      for (Map.Entry<Subscription, Connection> e : patterns.entrySet()) {
        if (e.getKey().pattern.matches(d.topic())) {
          matching.add(e);
        }
      }
      for (Map.Entry<Subscription, Connection> e : matching) {
        e.getValue().deliver(e.getKey(), d, p.envelope(), p.priority());
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

  private void forget(String topic) {
    TopicOrder o = order.remove(topic);
    if (o != null) {
      cancel(o);
    }
  }

  private void cancel(TopicOrder o) {
    if (o.timer >= 0) {
      gateway.vertx.cancelTimer(o.timer);
      o.timer = -1;
    }
  }

  void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
    order.values().forEach(this::cancel);
  }
}
