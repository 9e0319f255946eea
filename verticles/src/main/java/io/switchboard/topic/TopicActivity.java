package io.switchboard.topic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages accepted per topic on this node since the last {@link #drain}, for the list of active topics (docs/rest-api.md,
 * {@code GET /api/topics/active}). One {@link LongAdder} increment per publish; at most {@link #MAX_TOPICS} topics per
 * window (a flood of fresh topic names cannot grow it: topics past the bound are not counted in that window).
 */
public final class TopicActivity {

  static final int MAX_TOPICS = 1000;

  private volatile ConcurrentHashMap<String, LongAdder> window = new ConcurrentHashMap<>();

  void record(String topic) {
    ConcurrentHashMap<String, LongAdder> w = window;
    LongAdder count = w.get(topic);
    if (count == null) {
      if (w.size() >= MAX_TOPICS) {
        return;
      }
      count = w.computeIfAbsent(topic, k -> new LongAdder());
    }
    count.increment();
  }

  /** The {@code top} busiest topics of the window that ends now, busiest first; a new window starts. */
  public Map<String, Long> drain(int top) {
    ConcurrentHashMap<String, LongAdder> w = window;
    window = new ConcurrentHashMap<>();
    List<Map.Entry<String, Long>> counts = new ArrayList<>(w.size());
    w.forEach((topic, n) -> counts.add(Map.entry(topic, n.sum())));
    counts.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    Map<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : counts.subList(0, Math.min(top, counts.size()))) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }
}
