package io.switchboard.topic;

import io.switchboard.support.HazelcastMembers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.switchboard.support.HazelcastMembers.await;
import static io.switchboard.support.HazelcastMembers.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Group commit with a scripted commit function: what is sent when, and who gets which answer. */
class AppendQueueTest {

  private final Vertx vertx = Vertx.vertx();
  /** Every call made, with the promise that answers it. */
  private final List<List<AppendQueue.Pending>> calls = new ArrayList<>();
  private final List<Promise<TopicLog.Appended[]>> answers = new ArrayList<>();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private AppendQueue queue(int maxBatch, long maxBatchBytes, int maxQueued, long maxQueuedBytes) {
    return new AppendQueue((topic, batch) -> {
      calls.add(batch);
      Promise<TopicLog.Appended[]> p = Promise.promise();
      answers.add(p);
      return p.future();
    }, maxBatch, maxBatchBytes, maxQueued, maxQueuedBytes);
  }

  private Future<TopicLog.Appended> append(AppendQueue q, String topic, String id, int bytes) {
    return q.append(vertx, topic, null, id, 0, new byte[bytes]);
  }

  /** Answers call {@code i} with seqs from {@code first}, one per message. */
  private void answer(int i, long first) {
    List<AppendQueue.Pending> batch = calls.get(i);
    TopicLog.Appended[] r = new TopicLog.Appended[batch.size()];
    for (int j = 0; j < r.length; j++) {
      r[j] = new TopicLog.Appended("e", first + j, 0, batch.get(j).messageId(), false, null);
    }
    answers.get(i).complete(r);
  }

  private static List<String> ids(List<AppendQueue.Pending> batch) {
    return batch.stream().map(AppendQueue.Pending::messageId).toList();
  }

  @Test
  void aLoneAppendIsSentAtOnceAndWhatQueuesMeanwhileGoesInOneCallInOrder() {
    AppendQueue q = queue(256, 1 << 20, 100, 1 << 20);
    Future<TopicLog.Appended> a = append(q, "t", "a", 1);
    assertEquals(1, calls.size(), "no waiting for a batch to fill");
    Future<TopicLog.Appended> b = append(q, "t", "b", 1);
    Future<TopicLog.Appended> c = append(q, "t", "c", 1);
    Future<TopicLog.Appended> other = append(q, "u", "x", 1);
    assertEquals(2, calls.size(), "another topic has its own lane; b and c wait");
    answer(0, 1);
    assertEquals(3, calls.size());
    assertEquals(List.of("b", "c"), ids(calls.get(2)));
    answer(2, 2);
    answer(1, 1);
    assertEquals(List.of(1L, 2L, 3L, 1L), List.of(await(a).seq(), await(b).seq(), await(c).seq(), await(other).seq()));
    append(q, "t", "d", 1);
    assertEquals(4, calls.size(), "the lane was idle again: sent at once");
  }

  @Test
  void batchesAreBoundedByCountAndBytesButTakeAtLeastOneMessage() {
    AppendQueue q = queue(2, 10, 100, 1 << 20);
    append(q, "t", "first", 1);
    for (String id : List.of("a", "b", "c")) {
      append(q, "t", id, 1);
    }
    append(q, "t", "big", 50);
    append(q, "t", "d", 1);
    answer(0, 1);
    assertEquals(List.of("a", "b"), ids(calls.get(1)), "at most 2 messages");
    answer(1, 2);
    assertEquals(List.of("c"), ids(calls.get(2)), "the big one would pass 10 bytes");
    answer(2, 4);
    assertEquals(List.of("big"), ids(calls.get(3)), "alone, larger than the bound");
  }

  @Test
  void aFailedCallFailsEachOfItsAppendsAndTheNextBatchStillGoes() {
    AppendQueue q = queue(256, 1 << 20, 100, 1 << 20);
    Future<TopicLog.Appended> a = append(q, "t", "a", 1);
    Future<TopicLog.Appended> b = append(q, "t", "b", 1);
    Future<TopicLog.Appended> c = append(q, "t", "c", 1);
    answer(0, 1);
    RuntimeException boom = new RuntimeException("owner left");
    Future<TopicLog.Appended> d = append(q, "t", "d", 1);
    answers.get(1).fail(boom);
    assertSame(boom, awaitFailure(b));
    assertSame(boom, awaitFailure(c));
    assertEquals(1, await(a).seq());
    assertEquals(List.of("d"), ids(calls.get(2)));
    answer(2, 2);
    assertEquals(2, await(d).seq());
  }

  @Test
  void aWrongNumberOfResultsFailsTheCallers() {
    AppendQueue q = queue(256, 1 << 20, 100, 1 << 20);
    Future<TopicLog.Appended> a = append(q, "t", "a", 1);
    answers.get(0).complete(new TopicLog.Appended[0]);
    assertInstanceOf(IllegalStateException.class, awaitFailure(a));
  }

  @Test
  void aFullQueueRefusesAtOnce() {
    AppendQueue q = queue(256, 1 << 20, 2, 100);
    append(q, "t", "a", 1);
    append(q, "t", "b", 1);
    append(q, "t", "c", 1);
    assertInstanceOf(TopicBusyException.class, awaitFailure(append(q, "t", "d", 1)), "2 waiting");
    answer(0, 1);
    assertFalse(append(q, "t", "e", 90).failed(), "room again once a batch left");
    assertInstanceOf(TopicBusyException.class, awaitFailure(append(q, "t", "f", 20)), "over 100 bytes waiting");
    assertFalse(append(q, "u", "x", 99).failed(), "other topics are not affected");
  }
}
