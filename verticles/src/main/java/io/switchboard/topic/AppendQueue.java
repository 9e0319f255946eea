package io.switchboard.topic;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Group commit of appends, per topic: at most one append call per topic is in flight from this node's
 * {@link TopicLogs}; appends that arrive meanwhile wait here and go together, in arrival order, in the next call
 * ({@link AppendBatchProcessor}). One Hazelcast invocation, one processor serialization and one response then serve
 * up to {@link #MAX_BATCH} messages instead of one each. A lone append is sent at once: nothing waits for a batch to
 * fill, only what queued behind a call in flight is batched. One call in flight per topic caps a topic's rate at a
 * batch per round trip to its owner and backup, so the batch is large: 1,024 messages (within 1 MiB) against 256
 * before, on a 3-node cluster under pipelined publishes, carried 1.2x / 1.34x the JSON messages per second and
 * 1.09x / 1.07x the MsgPack ones at less CPU per message (docs/architecture.md §2).
 * <p>
 * Thread-safe on purpose, with one lock held only for queue bookkeeping: the node has one {@link TopicLogs} (in its
 * {@link PublishPipeline}), called from every event loop of the node (and tests call it from their own thread), so
 * publishes to one topic from every gateway instance share the batches. Each caller's future is
 * completed on the caller's context, in arrival order, so a connection's publishes to a topic are answered (and
 * archived, and fanned out) in the order it sent them.
 * <p>
 * Bounded: a batch holds at most {@link #MAX_BATCH} messages and {@link #MAX_BATCH_BYTES} (but always at least one
 * message); the waiting queue of a topic at most {@link #MAX_QUEUED} messages and {@link #MAX_QUEUED_BYTES}. Beyond
 * that an append fails at once with {@link TopicBusyException} (fail fast rather than wait: waiting would only move
 * the unbounded queue elsewhere, and the publisher can retry). The bounds are far above what one node's pipelined
 * publishers reach (the benchmark's 1,000 messages in flight per connection).
 */
final class AppendQueue {

  static final int MAX_BATCH = 1024;
  static final long MAX_BATCH_BYTES = 1L << 20;
  static final int MAX_QUEUED = 16_384;
  static final long MAX_QUEUED_BYTES = 64L << 20;

  /** An append waiting for its call: the processor's inputs, drawn by the caller, and where to answer. */
  record Pending(String dedupKey, String messageId, long now, byte[] frame, Promise<TopicLog.Appended> promise,
                 Context context) {
  }

  /** One topic's state: whether a call is in flight and what waits behind it. Guarded by the queue's lock. */
  private static final class Lane {
    final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    long waitingBytes;
  }

  /** Sends one batch for a topic; the future holds one result per message, in order. */
  private final BiFunction<String, List<Pending>, Future<TopicLog.Appended[]>> commit;
  private final int maxBatch;
  private final long maxBatchBytes;
  private final int maxQueued;
  private final long maxQueuedBytes;
  /** Topics with a call in flight; a topic leaves when its queue runs dry, so idle topics cost nothing. */
  private final Map<String, Lane> lanes = new HashMap<>();

  AppendQueue(BiFunction<String, List<Pending>, Future<TopicLog.Appended[]>> commit) {
    this(commit, MAX_BATCH, MAX_BATCH_BYTES, MAX_QUEUED, MAX_QUEUED_BYTES);
  }

  AppendQueue(BiFunction<String, List<Pending>, Future<TopicLog.Appended[]>> commit, int maxBatch, long maxBatchBytes,
              int maxQueued, long maxQueuedBytes) {
    this.commit = commit;
    this.maxBatch = maxBatch;
    this.maxBatchBytes = maxBatchBytes;
    this.maxQueued = maxQueued;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** Appends now if no call for the topic is in flight, else queues behind it; completes on the caller's context. */
  Future<TopicLog.Appended> append(Vertx vertx, String topic, String dedupKey, String messageId, long now,
                                   byte[] frame) {
    Pending p = new Pending(dedupKey, messageId, now, frame, Promise.promise(), vertx.getOrCreateContext());
    Lane lane;
    synchronized (lanes) {
      lane = lanes.get(topic);
      if (lane != null) {
        if (lane.waiting.size() >= maxQueued || lane.waitingBytes + frame.length > maxQueuedBytes) {
          return Future.failedFuture(new TopicBusyException("topic " + topic + ": " + lane.waiting.size()
            + " appends (" + lane.waitingBytes + " bytes) already waiting on this node; retry later"));
        }
        lane.waiting.add(p);
        lane.waitingBytes += frame.length;
        return p.promise().future();
      }
      lane = new Lane();
      lanes.put(topic, lane);
    }
    send(topic, lane, List.of(p));
    return p.promise().future();
  }

  private void send(String topic, Lane lane, List<Pending> batch) {
    Future<TopicLog.Appended[]> call;
    try {
      call = commit.apply(topic, batch);
    } catch (RuntimeException e) {
      call = Future.failedFuture(e);
    }
    call.onComplete(ar -> {
      // The next batch goes out before this one is answered, so the owner works while the callers are served.
      List<Pending> next = next(topic, lane);
      if (next != null) {
        send(topic, lane, next);
      }
      answer(batch, ar);
    });
  }

  /** What waited behind the call that just ended, within the batch bounds; null (and the lane gone) if nothing. */
  private List<Pending> next(String topic, Lane lane) {
    synchronized (lanes) {
      if (lane.waiting.isEmpty()) {
        lanes.remove(topic);
        return null;
      }
      List<Pending> batch = new ArrayList<>(Math.min(lane.waiting.size(), maxBatch));
      long bytes = 0;
      while (!lane.waiting.isEmpty() && batch.size() < maxBatch
        && (batch.isEmpty() || bytes + lane.waiting.peek().frame().length <= maxBatchBytes)) {
        Pending p = lane.waiting.poll();
        bytes += p.frame().length;
        batch.add(p);
      }
      lane.waitingBytes -= bytes;
      return batch;
    }
  }

  /** Each caller gets its own result (or the call's failure) on its own context; per context in batch order. */
  private static void answer(List<Pending> batch, AsyncResult<TopicLog.Appended[]> ar) {
    Throwable failure = ar.failed() ? ar.cause()
      : ar.result() == null || ar.result().length != batch.size()
        ? new IllegalStateException("append batch answered " + (ar.result() == null ? "nothing" : ar.result().length
        + " results") + " for " + batch.size() + " messages")
        : null;
    Context current = Vertx.currentContext();
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      TopicLog.Appended result = failure == null ? ar.result()[i] : null;
      if (p.context() == current) {
        complete(p.promise(), result, failure);
      } else {
        p.context().runOnContext(v -> complete(p.promise(), result, failure));
      }
    }
  }

  private static void complete(Promise<TopicLog.Appended> promise, TopicLog.Appended result, Throwable failure) {
    if (failure != null) {
      promise.fail(failure);
    } else {
      promise.complete(result);
    }
  }
}
