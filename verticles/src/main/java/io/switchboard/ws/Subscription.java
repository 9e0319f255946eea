package io.switchboard.ws;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.filter.Filter;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.topic.TopicPattern;

import java.util.ArrayList;
import java.util.List;

/**
 * One subscription of one connection: a topic or a pattern, an optional filter and, for a concrete topic, the
 * last sequence number delivered (so a replay and live traffic never deliver the same message twice). While a
 * replay is being fetched, live deliveries are held back and released after it, in order.
 */
final class Subscription {

  final String id;
  final String key;
  final TopicPattern pattern;
  final Filter filter;
  String epoch;
  long lastSeq = -1;
  private List<Held> held;
  /** Live messages arrived faster than the bound while replaying: they were let go, the replay must fetch them. */
  private boolean heldOverflowed;

  record Held(Envelope envelope, int priority) {
  }

  Subscription(String id, String key, TopicPattern pattern, Filter filter) {
    this.id = id;
    this.key = key;
    this.pattern = pattern;
    this.filter = filter;
  }

  boolean literal() {
    return pattern.isLiteral();
  }

  boolean replaying() {
    return held != null;
  }

  void startReplay() {
    held = new ArrayList<>();
    heldOverflowed = false;
  }

  /**
   * Holds a live message until the replay ends, at most {@code max} of them: past that the held ones are let go
   * (they are all in the topic's log) and {@link #heldOverflowed()} tells the replay to read on instead.
   */
  void hold(Held h, int max) {
    if (heldOverflowed) {
      return;
    }
    if (held.size() >= max) {
      held.clear();
      heldOverflowed = true;
      return;
    }
    held.add(h);
  }

  boolean heldOverflowed() {
    return heldOverflowed;
  }

  List<Held> endReplay() {
    List<Held> out = held;
    held = null;
    heldOverflowed = false;
    return out;
  }

  /** Whether a deliver at this position is new for the subscriber (literal topics track their position). */
  boolean accepts(String deliverEpoch, long seq) {
    if (!literal()) {
      return true;
    }
    if (epoch != null && !epoch.equals(deliverEpoch)) {
      epoch = deliverEpoch;
      lastSeq = seq;
      return true;
    }
    if (seq <= lastSeq) {
      return false;
    }
    epoch = deliverEpoch;
    lastSeq = seq;
    return true;
  }

  /** Whether the deliver passes the subscription's filter; only a filter decodes a message that came undecoded. */
  boolean passes(Envelope deliver) {
    return filter == null || filter.test(((Deliver) deliver.message()).payload());
  }
}
