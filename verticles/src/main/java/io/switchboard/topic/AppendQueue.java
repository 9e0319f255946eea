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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of appends, per topic: at most one append call per topic is in flight from this node's
 * {@link TopicLogs}; appends that arrive meanwhile wait here and go together, in arrival order, in the next call
 * ({@link AppendBatchProcessor}). One Hazelcast invocation, one processor serialization and one response then serve
 * up to {@link #MAX_BATCH} messages instead of one each. A lone append is sent at once: nothing waits for a batch to
 * fill, only what queued behind a call in flight is batched.
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
 * publishers reach (the benchmark's 1,000 messages in flight per connection). Bounded in time too: a call without an
 * answer after {@link #CALL_TIMEOUT_MILLIS} fails its appends with {@link TopicBusyException} and the next batch goes.
 */
final class AppendQueue {

  static final int MAX_BATCH = 256;
  static final long MAX_BATCH_BYTES = 1L << 20;
  static final int MAX_QUEUED = 16_384;
  static final long MAX_QUEUED_BYTES = 64L << 20;
  /**
   * How long a batch may wait for the cluster's answer before its publishers are told {@code unavailable} and the
   * topic's next batch goes. Without it one call that never ends would hold every later publish to the topic on
   * this node, silently: measured with 100,000 connections on 7 nodes, one node SIGKILLed, a publisher got neither
   * ack nor error for over a minute (Hazelcast keeps retrying an invocation while a dead member is still counted in
   * the cluster, up to its call timeout and retry count: minutes). A call that does end later has appended its
   * messages: a publisher's retry with the same id is then answered from the dedup memory
   * ({@code topics.dedup.window-seconds}), not appended twice.
   */
  static final long CALL_TIMEOUT_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(AppendQueue.class);

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
  private final long callTimeoutMillis;
  /** Topics with a call in flight; a topic leaves when its queue runs dry, so idle topics cost nothing. */
  private final Map<String, Lane> lanes = new HashMap<>();

  AppendQueue(BiFunction<String, List<Pending>, Future<TopicLog.Appended[]>> commit) {
    this(commit, MAX_BATCH, MAX_BATCH_BYTES, MAX_QUEUED, MAX_QUEUED_BYTES, CALL_TIMEOUT_MILLIS);
  }

  AppendQueue(BiFunction<String, List<Pending>, Future<TopicLog.Appended[]>> commit, int maxBatch, long maxBatchBytes,
              int maxQueued, long maxQueuedBytes, long callTimeoutMillis) {
    this.commit = commit;
    this.callTimeoutMillis = callTimeoutMillis;
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
    // Whichever comes first, the call's answer or the timeout, ends the batch; the other is ignored.
    AtomicBoolean ended = new AtomicBoolean();
    long timer = callTimeoutMillis <= 0 ? -1 : batch.get(0).context().owner().setTimer(callTimeoutMillis, id -> {
      if (ended.compareAndSet(false, true)) {
        LOG.warn("topic {}: an append call of {} messages has had no answer for {} ms; its publishers get "
          + "'unavailable' and the next batch goes", topic, batch.size(), callTimeoutMillis);
        end(topic, lane, batch, Future.failedFuture(new TopicBusyException("topic " + topic + ": no answer from the "
          + "cluster within " + callTimeoutMillis + " ms (a member may have just left); retry with the same id")));
      }
    });
    call.onComplete(ar -> {
      if (ended.compareAndSet(false, true)) {
        if (timer >= 0) {
          batch.get(0).context().owner().cancelTimer(timer);
        }
        end(topic, lane, batch, ar);
      } else if (ar.succeeded()) {
        LOG.info("topic {}: an append call answered after its {} ms timeout; its messages are in the log, and a "
          + "publisher's retry with the same id is answered as a duplicate", topic, callTimeoutMillis);
      }
    });
  }

  private void end(String topic, Lane lane, List<Pending> batch, AsyncResult<TopicLog.Appended[]> ar) {
    // The next batch goes out before this one is answered, so the owner works while the callers are served.
    List<Pending> next = next(topic, lane);
    if (next != null) {
      send(topic, lane, next);
    }
    answer(batch, ar);
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
