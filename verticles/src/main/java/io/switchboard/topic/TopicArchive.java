package io.switchboard.topic;

import io.switchboard.cluster.NodeServices;
import io.switchboard.protocol.message.Position;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.List;

/**
 * Where topic history outlives the cluster's memory (Redis Streams when {@code redis.url} is set; see
 * docs/durability.md). {@link TopicLogs} uses it, when the node has one, to archive every appended message, to
 * continue a topic's numbering after the cluster lost it, and to serve resumes older than the in-memory history.
 * One per node, registered by whoever creates it ({@link #register}); absent without Redis.
 */
public interface TopicArchive extends Shareable {

  /** A stored message: its seq, accept time and the frame as {@link TopicLog} stores it (placeholder epoch/seq). */
  record Entry(long seq, long ts, byte[] frame) {
  }

  /** Archives one accepted message; never waits (write-behind). */
  void append(String topic, String epoch, long seq, long ts, byte[] frame);

  /** The numbering the archive holds for the topic (epoch, last seq), or null when it holds none. */
  Future<Position> recover(String topic);

  /** Messages with {@code after < seq <= upto} of the given epoch, in seq order, at most {@code max}; may have holes. */
  Future<List<Entry>> read(String topic, String epoch, long after, long upto, int max);

  String KEY = "topic-archive";

  /** The node's archive, or null. */
  static TopicArchive find(Vertx vertx) {
    return NodeServices.find(vertx, KEY);
  }

  static void register(Vertx vertx, TopicArchive archive) {
    NodeServices.register(vertx, KEY, archive);
  }

  static void unregister(Vertx vertx, TopicArchive archive) {
    NodeServices.unregister(vertx, KEY, archive);
  }
}
