package io.switchboard.ws;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Delivers numbered messages of many streams (topics, session documents) in number order, on one event loop.
 * Messages of one stream come from several nodes over the bus and can arrive out of order; a later number waits
 * (at most {@code waitMs}), then the missing ones are read from the stream's store. A stream is anchored by the
 * position a reader obtained ({@link #seed}) or, for streams nobody seeded, by its first message.
 *
 * @param <T> the message type
 */
final class Reorderer<T> {

  private static final Logger LOG = LoggerFactory.getLogger(Reorderer.class);

  /** How to read the numbers of a message, dispatch it, and recover missing ones. */
  interface Stream<T> {
    String epoch(T message);

    long number(T message);

    void dispatch(String key, T message);

    /** Messages numbered {@code from + 1 ..} (at most {@code count}) from the store; a result may skip what is gone. */
    Future<List<T>> missing(String key, String epoch, long from, int count);

    /** Whether a stream with no seeded reader should wait for one (true) or anchor on its first message. */
    boolean expectsSeed(String key);
  }

  private static final class State<T> {
    String epoch;
    long next = -1;
    final TreeMap<Long, T> waiting = new TreeMap<>();
    long timer = -1;
    boolean fetching;
  }

  private final Vertx vertx;
  private final long waitMs;
  private final Stream<T> stream;
  private final Map<String, State<T>> states = new HashMap<>();

  Reorderer(Vertx vertx, long waitMs, Stream<T> stream) {
    this.vertx = vertx;
    this.waitMs = waitMs;
    this.stream = stream;
  }

  /** A reader knows the stream is at {@code number}: from then on {@code number + 1} is expected. */
  void seed(String key, String epoch, long number) {
    State<T> s = states.get(key);
    if (s == null) {
      s = new State<>();
      s.epoch = epoch;
      s.next = number + 1;
      states.put(key, s);
    } else if (s.next < 0 && epoch.equals(s.epoch)) {
      s.next = number + 1;
      s.waiting.headMap(s.next).clear();
      cancel(s);
      flush(key, s);
    }
  }

  void accept(String key, T message) {
    String epoch = stream.epoch(message);
    long number = stream.number(message);
    State<T> s = states.get(key);
    if (s == null || !s.epoch.equals(epoch)) {
      // First message of this stream here, or its store started over (new epoch).
      if (s != null) {
        cancel(s);
      }
      s = new State<>();
      s.epoch = epoch;
      s.next = stream.expectsSeed(key) ? -1 : number;
      states.put(key, s);
    }
    if (s.next >= 0 && number < s.next) {
      return; // already dispatched (e.g. recovered from the store while in flight)
    }
    if (number == s.next && s.waiting.isEmpty()) {
      // The common case, in order with nothing held: no detour through the waiting map (a boxed key and three
      // tree operations per message).
      s.next++;
      stream.dispatch(key, message);
      return;
    }
    s.waiting.put(number, message);
    flush(key, s);
  }

  private void flush(String key, State<T> s) {
    Map.Entry<Long, T> first;
    while (s.next >= 0 && (first = s.waiting.firstEntry()) != null && first.getKey() == s.next) {
      s.waiting.pollFirstEntry();
      stream.dispatch(key, first.getValue());
      s.next++;
    }
    if (s.waiting.isEmpty()) {
      cancel(s);
    } else if (s.timer < 0 && !s.fetching) {
      s.timer = vertx.setTimer(waitMs, t -> {
        s.timer = -1;
        if (s.next < 0 && !s.waiting.isEmpty()) {
          s.next = s.waiting.firstKey(); // no reader seeded it: anchor on what arrived
          flush(key, s);
        } else {
          recover(key, s);
        }
      });
    }
  }

  private void recover(String key, State<T> s) {
    if (s.waiting.isEmpty()) {
      return;
    }
    s.fetching = true;
    String epoch = s.epoch;
    int count = (int) Math.min(Integer.MAX_VALUE, s.waiting.firstKey() - s.next);
    stream.missing(key, epoch, s.next - 1, count).onComplete(found -> {
      s.fetching = false;
      for (T m : found) {
        long n = stream.number(m);
        if (epoch.equals(stream.epoch(m)) && n >= s.next && !s.waiting.containsKey(n)) {
          s.waiting.put(n, m);
        }
      }
      if (!s.waiting.isEmpty() && s.waiting.firstKey() > s.next) {
        LOG.warn("stream {}: {} to {} could not be recovered, skipping", key, s.next, s.waiting.firstKey() - 1);
        s.next = s.waiting.firstKey();
      }
      flush(key, s);
    }, err -> {
      s.fetching = false;
      LOG.warn("stream {}: could not recover missing messages: {}", key, err.getMessage());
      flush(key, s);
    });
  }

  void forget(String key) {
    State<T> s = states.remove(key);
    if (s != null) {
      cancel(s);
    }
  }

  void stop() {
    states.values().forEach(this::cancel);
  }

  private void cancel(State<T> s) {
    if (s.timer >= 0) {
      vertx.cancelTimer(s.timer);
      s.timer = -1;
    }
  }
}
