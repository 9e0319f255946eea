package io.switchboard.cluster;

import com.hazelcast.map.EntryProcessor;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Keyed state changed only by entry processors: the one seam between a standalone node's own memory
 * ({@link LocalEntryStore}) and the cluster's Hazelcast map ({@link HazelcastEntryStore}). Both run the same processors
 * on one key's entry at a time, atomically, so the state behaves the same in both; what differs is only where the
 * processor runs and who else holds a copy (docs/architecture.md §2: a standalone node has no member to back it up
 * and no other node to agree with, so the trip to a partition thread buys it nothing). Topic logs and collaborative
 * documents live in one.
 */
public interface EntryStore<V> {

  /**
   * Runs {@code processor} on the key's entry (value null when absent; {@code setValue} stores, null removes),
   * atomically with respect to every other call for the key; the future completes on the caller's context.
   */
  <R> Future<R> submit(String key, EntryProcessor<String, V, R> processor);

  /** The key's value (null when absent), handed to {@code context}. */
  Future<V> get(String key, Context context);

  /** Removes the key's entry; nothing needs to wait for it, the future says when it is done. */
  Future<Void> delete(String key);

  /**
   * Whether a call crosses threads or the network: then callers may batch what queues while one is in flight (topic
   * appends do). A store that answers in the caller's own thread has nothing to amortise.
   */
  boolean remote();
}
