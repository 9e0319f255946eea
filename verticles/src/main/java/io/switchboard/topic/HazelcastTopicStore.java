package io.switchboard.topic;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.switchboard.cluster.ClusterFutures;
import io.switchboard.cluster.ClusterNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The logs of a cluster: the Hazelcast map {@link TopicLogs#MAP} (in-memory format OBJECT, one synchronous backup).
 * A processor runs on the partition thread of the topic's owner and again on its backup, so an acknowledged append
 * survives the loss of the owner and every node sees one order per topic.
 */
final class HazelcastTopicStore implements TopicStore {

  private final Vertx vertx;
  private final IMap<String, TopicLog> logs;

  /** Registers the map's configuration (a short cluster-wide call: off the event loop). */
  HazelcastTopicStore(Vertx vertx, HazelcastInstance hz) {
    ClusterNode.ensureObjectMap(hz, TopicLogs.MAP);
    this.vertx = vertx;
    this.logs = hz.getMap(TopicLogs.MAP);
  }

  @Override
  public <R> Future<R> submit(String topic, EntryProcessor<String, TopicLog, R> processor) {
    return ClusterFutures.on(logs.submitToKey(topic, processor), vertx);
  }

  @Override
  public boolean remote() {
    return true;
  }
}
