package io.switchboard.topic;

import com.hazelcast.map.EntryProcessor;
import io.vertx.core.Future;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logs of a standalone node, in its own memory: the same processors as in the cluster's map, run in the
 * caller's thread under the topic's entry lock ({@link ConcurrentHashMap#compute}), so appends from every event loop
 * of the node to one topic still get one order, and the answer is there before the call returns.
 * <p>
 * Why not the node's embedded Hazelcast member, as before: alone, it has no backup to keep and no other node to
 * agree with, and the trip to its partition thread and back (two thread wake-ups per publish) was the largest part
 * of a sequential publish's latency (docs/architecture.md §2). What a standalone node guarantees is unchanged: one
 * order per topic, dedup, bounded history, resume and gap; its logs die with it either way (Redis, when configured,
 * keeps the archive and the numbering, as in a cluster).
 */
final class LocalTopicStore implements TopicStore {

  /** Package-private for tests, which look at (or lose) a log the way a restart would. */
  final ConcurrentHashMap<String, TopicLog> logs = new ConcurrentHashMap<>();

  @Override
  public <R> Future<R> submit(String topic, EntryProcessor<String, TopicLog, R> processor) {
    Entry entry = new Entry(topic);
    try {
      logs.compute(topic, (key, log) -> {
        entry.value = log;
        entry.result = processor.process(entry);
        return entry.value;
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    @SuppressWarnings("unchecked")
    R result = (R) entry.result;
    return Future.succeededFuture(result);
  }

  @Override
  public boolean remote() {
    return false;
  }

  /** The entry a processor sees: Hazelcast's contract (setValue stores, null removes), over the map's slot. */
  private static final class Entry implements Map.Entry<String, TopicLog> {
    private final String key;
    private TopicLog value;
    private Object result;

    Entry(String key) {
      this.key = key;
    }

    @Override
    public String getKey() {
      return key;
    }

    @Override
    public TopicLog getValue() {
      return value;
    }

    @Override
    public TopicLog setValue(TopicLog value) {
      TopicLog old = this.value;
      this.value = value;
      return old;
    }
  }
}
