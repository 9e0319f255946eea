package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * A cluster's keyed state: a Hazelcast map in in-memory format OBJECT with one synchronous backup. A processor runs
 * on the partition thread of the key's owner and again on its backup, so an acknowledged change survives the loss of
 * the owner and every node sees one order per key.
 */
public final class HazelcastEntryStore<V> implements EntryStore<V> {

  private final Vertx vertx;
  private final IMap<String, V> map;

  /** Registers the map's configuration (a short cluster-wide call: off the event loop). */
  public HazelcastEntryStore(Vertx vertx, HazelcastInstance hz, String name) {
    ClusterNode.ensureObjectMap(hz, name);
    this.vertx = vertx;
    this.map = hz.getMap(name);
  }

  @Override
  public <R> Future<R> submit(String key, EntryProcessor<String, V, R> processor) {
    return ClusterFutures.on(map.submitToKey(key, processor), vertx);
  }

  @Override
  public Future<V> get(String key, Context context) {
    return ClusterFutures.on(map.getAsync(key), context);
  }

  @Override
  public Future<Void> delete(String key) {
    return ClusterFutures.on(map.submitToKey(key, new Remove<V>()), vertx);
  }

  @Override
  public boolean remote() {
    return true;
  }

  /** Removes the entry on its owner without sending its value back (IMap.delete would block the caller). */
  private static final class Remove<V> implements EntryProcessor<String, V, Void> {
    private static final long serialVersionUID = 1L;

    @Override
    public Void process(Map.Entry<String, V> entry) {
      entry.setValue(null);
      return null;
    }
  }
}
