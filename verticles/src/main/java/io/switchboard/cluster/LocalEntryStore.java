package io.switchboard.cluster;

import com.hazelcast.map.EntryProcessor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A standalone node's keyed state, in its own memory: the same processors as in the cluster's map, run in the
 * caller's thread under the key's entry lock ({@link ConcurrentHashMap#compute}), so calls from every event loop of
 * the node to one key still get one order, and the answer is there before the call returns. Nothing is serialised:
 * the processor and its answer are the caller's objects.
 * <p>
 * Why not the node's embedded Hazelcast member: alone, it has no backup to keep and no other node to agree with, and
 * the trip to its partition thread and back (two thread wake-ups, the key and the answer serialised) was the largest
 * part of a sequential publish's latency and a quarter of a collaborative edit's samples (docs/architecture.md §2).
 * What a standalone node guarantees is unchanged: its state dies with it either way (Redis, when configured, keeps
 * what it kept before).
 */
public final class LocalEntryStore<V> implements EntryStore<V> {

  private final ConcurrentHashMap<String, V> entries = new ConcurrentHashMap<>();

  @Override
  public <R> Future<R> submit(String key, EntryProcessor<String, V, R> processor) {
    Entry<V> entry = new Entry<>(key);
    try {
      entries.compute(key, (k, value) -> {
        entry.value = value;
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
  public Future<V> get(String key, Context context) {
    ContextInternal target = (ContextInternal) context;
    return target.succeededFuture(entries.get(key));
  }

  @Override
  public Future<Void> delete(String key) {
    entries.remove(key);
    return Future.succeededFuture();
  }

  @Override
  public boolean remote() {
    return false;
  }

  /** The entry a processor sees: Hazelcast's contract (setValue stores, null removes), over the map's slot. */
  private static final class Entry<V> implements Map.Entry<String, V> {
    private final String key;
    private V value;
    private Object result;

    Entry(String key) {
      this.key = key;
    }

    @Override
    public String getKey() {
      return key;
    }

    @Override
    public V getValue() {
      return value;
    }

    @Override
    public V setValue(V value) {
      V old = this.value;
      this.value = value;
      return old;
    }
  }
}
