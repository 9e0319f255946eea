package io.switchboard.topic;

import com.hazelcast.map.EntryProcessor;
import io.vertx.core.Future;

/**
 * Where the topic logs live: the one seam between a standalone node's memory ({@link LocalTopicStore}) and the
 * cluster's Hazelcast map ({@link HazelcastTopicStore}). Both run the same processors ({@link AppendBatchProcessor},
 * {@link ReadProcessor}, {@link OpenProcessor}) on one topic's entry at a time, atomically, so a log behaves the same
 * in both; what differs is only where the processor runs and who else holds a copy (docs/architecture.md §2,
 * "a standalone node keeps its logs in its own memory").
 */
interface TopicStore {

  /**
   * Runs {@code processor} on the topic's entry (value null when the topic has no log; {@code setValue} stores),
   * atomically with respect to every other call for the topic; the future completes on the caller's context.
   */
  <R> Future<R> submit(String topic, EntryProcessor<String, TopicLog, R> processor);

  /**
   * Whether a call crosses threads or the network: then appends to a topic are group-committed ({@link AppendQueue}),
   * so one call serves what queued while the previous one was in flight. A store that answers in the caller's own
   * thread has nothing to amortise.
   */
  boolean remote();
}
