package io.switchboard.topic;

import io.switchboard.support.HazelcastMembers;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Gap;
import io.switchboard.protocol.message.Position;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static io.switchboard.support.HazelcastMembers.await;
import static io.switchboard.support.HazelcastMembers.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service against one real (standalone) Hazelcast member, with an injected clock; {@link LocalTopicLogsTest}
 * runs every case again on a standalone node's own memory.
 */
class TopicLogsTest {

  private static final long T0 = 1_767_225_600_000L;

  static Vertx vertx;
  private static HazelcastInstance hz;

  final AtomicLong clock = new AtomicLong(T0);

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    hz = HazelcastMembers.standalone();
  }

  @AfterAll
  static void stop() {
    HazelcastMembers.shutdown(hz);
    await(vertx.close());
  }

  TopicLogs logs(TopicSettings settings) {
    return TopicLogs.create(vertx, hz, settings, clock::get);
  }

  /** The number of messages the store holds for the topic now. */
  int storedSize(String topic) {
    return ((TopicLog) hz.getMap(TopicLogs.MAP).get(topic)).size();
  }

  /** What a whole-cluster restart without Redis amounts to: the topic's log is gone. */
  void lose(String topic) {
    hz.getMap(TopicLogs.MAP).delete(topic);
  }

  private static String topic(String name) {
    return "t" + UUID.randomUUID().toString().substring(0, 8) + "." + name;
  }

  private static Deliver publish(TopicLogs logs, String topic, String id, Object payload) {
    TopicLogs.Appended a = await(logs.append(topic, "alice", id, payload, false));
    assertFalse(a.duplicate());
    return a.deliver();
  }

  @Test
  void sequenceNumbersArePerTopicAndDeliverIsComplete() {
    TopicLogs logs = logs(TopicSettings.DEFAULTS);
    String a = topic("a");
    String b = topic("b");
    Deliver a1 = publish(logs, a, "p1", new JsonObject().put("n", 1L));
    Deliver a2 = publish(logs, a, "p2", "two");
    Deliver b1 = publish(logs, b, "p1", "b-one");
    Deliver a3 = publish(logs, a, "p3", 3L);
    assertEquals(List.of(1L, 2L, 3L), List.of(a1.seq(), a2.seq(), a3.seq()));
    assertEquals(1, b1.seq());
    assertEquals(a1.epoch(), a3.epoch());
    assertNotEquals(a1.epoch(), b1.epoch(), "each log draws its own epoch");
    assertEquals(a, a1.topic());
    assertEquals("alice", a1.publisher());
    assertEquals(T0, a1.ts());
    assertEquals(new JsonObject().put("n", 1L), a1.payload());
    assertNotEquals(a1.messageId(), a2.messageId());
    assertEquals(new Position(a1.epoch(), 3), await(logs.position(a)));
    assertEquals(new Position(b1.epoch(), 1), await(logs.position(b)));
  }

  @Test
  void pipelinedAppendsKeepTheirOrderAndADuplicateInTheSameBatchIsAnsweredWithTheOriginal() {
    TopicLogs logs = logs(TopicSettings.DEFAULTS);
    String t = topic("pipelined");
    List<Future<TopicLogs.Appended>> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      all.add(logs.append(t, "alice", "p" + i, (long) i, false));
      if (i % 50 == 7) {
        all.add(logs.append(t, "alice", "p" + i, "retry", false)); // queued right behind its original
      }
    }
    await(Future.all(all));
    List<TopicLogs.Appended> results = all.stream().map(Future::result).toList();
    List<Long> fresh = results.stream().filter(a -> !a.duplicate()).map(a -> a.deliver().seq()).toList();
    assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), fresh, "seq in the order of the calls");
    List<TopicLogs.Appended> duplicates = results.stream().filter(TopicLogs.Appended::duplicate).toList();
    assertEquals(6, duplicates.size());
    for (TopicLogs.Appended d : duplicates) {
      assertEquals(d.deliver().seq() - 1, ((Number) d.deliver().payload()).longValue(), "the original's payload");
    }
    assertEquals(300, await(logs.position(t)).seq());
  }

  @Test
  void positionOfANewTopicCreatesItsLog() {
    TopicLogs logs = logs(TopicSettings.DEFAULTS);
    String t = topic("fresh");
    Position p = await(logs.position(t));
    assertEquals(0, p.seq());
    assertEquals(p, await(logs.position(t)), "the epoch is fixed once the log exists");
    Deliver first = publish(logs, t, "p1", "x");
    assertEquals(new Position(p.epoch(), 1), first.position());
    TopicLogs.Replay replay = await(logs.replay(t, p, 10));
    assertNull(replay.gap());
    assertEquals(List.of(first.messageId()), replay.messages().stream().map(Deliver::messageId).toList());
  }

  @Test
  void duplicateWithinTheWindowGetsTheOriginalAndAppendsNothing() {
    TopicLogs logs = logs(new TopicSettings(100, 1 << 20, 3_600_000, 100, 10_000));
    String t = topic("dup");
    Deliver original = publish(logs, t, "p1", new JsonObject().put("v", "first"));
    clock.addAndGet(5_000);
    TopicLogs.Appended again = await(logs.append(t, "alice", "p1", new JsonObject().put("v", "retry"), false));
    assertTrue(again.duplicate());
    assertEquals(original, again.deliver(), "same position, message id, time and payload");
    assertEquals(1, await(logs.position(t)).seq());

    TopicLogs.Appended otherPublisher = await(logs.append(t, "bob", "p1", "bob's", false));
    assertFalse(otherPublisher.duplicate());
    assertEquals(2, otherPublisher.deliver().seq());

    clock.addAndGet(5_000); // 10 s after the original: outside the window
    TopicLogs.Appended late = await(logs.append(t, "alice", "p1", "again", false));
    assertFalse(late.duplicate());
    assertEquals(3, late.deliver().seq());
  }

  @Test
  void duplicateOfAMessageNoLongerKeptStillGetsItsOriginalPosition() {
    TopicLogs logs = logs(new TopicSettings(2, 1 << 20, 3_600_000, 100, 60_000));
    String t = topic("dupgone");
    Deliver original = publish(logs, t, "p1", "one");
    publish(logs, t, "p2", "two");
    publish(logs, t, "p3", "three");
    TopicLogs.Appended again = await(logs.append(t, "alice", "p1", "one", false));
    assertTrue(again.duplicate());
    assertEquals(original, again.deliver());
    assertEquals(3, await(logs.position(t)).seq());
  }

  @Test
  void replayReturnsExactlyTheMissedMessagesWithPayloadsIntact() {
    TopicLogs logs = logs(TopicSettings.DEFAULTS);
    String t = topic("payloads");
    List<Object> payloads = Arrays.asList(
      new JsonObject().put("text", "héllo 👋").put("n", 3L).put("nested", new JsonObject().put("ok", true))
        .put("list", new JsonArray().add(1L).add("two").addNull()),
      "plain string",
      42L,
      1.5,
      null,
      new JsonArray().add("a").add(new JsonObject().put("b", 2L)),
      true);
    Position start = await(logs.position(t));
    for (int i = 0; i < payloads.size(); i++) {
      publish(logs, t, "p" + i, payloads.get(i));
    }
    TopicLogs.Appended secret = await(logs.append(t, "alice", "e2e", "base64-ciphertext==", true));
    assertTrue(secret.deliver().e2e());

    TopicLogs.Replay all = await(logs.replay(t, start, 100));
    assertNull(all.gap());
    assertFalse(all.more());
    assertEquals(new Position(start.epoch(), 8), all.position());
    assertEquals(8, all.messages().size());
    for (int i = 0; i < payloads.size(); i++) {
      Deliver d = all.messages().get(i);
      assertEquals(i + 1, d.seq());
      assertEquals(start.epoch(), d.epoch());
      assertEquals(t, d.topic());
      assertEquals("alice", d.publisher());
      assertEquals(payloads.get(i), d.payload(), "payload " + i);
      assertFalse(d.e2e());
    }
    Deliver e2e = all.messages().get(7);
    assertTrue(e2e.e2e());
    assertEquals("base64-ciphertext==", e2e.payload());
    assertEquals(secret.deliver(), e2e, "replayed exactly as appended");

    TopicLogs.Replay page = await(logs.replay(t, new Position(start.epoch(), 2), 3));
    assertNull(page.gap());
    assertEquals(List.of(3L, 4L, 5L), page.messages().stream().map(Deliver::seq).toList());
    assertTrue(page.more());

    TopicLogs.Replay upToDate = await(logs.replay(t, new Position(start.epoch(), 8), 100));
    assertNull(upToDate.gap());
    assertTrue(upToDate.messages().isEmpty());
    assertFalse(upToDate.more());
  }

  @Test
  void countBoundTruncatesHistory() {
    TopicLogs logs = logs(new TopicSettings(3, 1 << 20, 3_600_000, 100, 60_000));
    String t = topic("count");
    Position start = await(logs.position(t));
    for (int i = 1; i <= 5; i++) {
      publish(logs, t, "p" + i, "m" + i);
    }
    TopicLogs.Replay replay = await(logs.replay(t, start, 100));
    assertGap(replay, t, start, new Position(start.epoch(), 2), Gap.TRUNCATED);
    assertEquals(List.of("m3", "m4", "m5"), replay.messages().stream().map(d -> (String) d.payload()).toList());
    // from the first kept position there is no gap
    assertNull(await(logs.replay(t, new Position(start.epoch(), 2), 100)).gap());
  }

  @Test
  void byteBoundTruncatesHistory() {
    TopicLogs logs = logs(new TopicSettings(1000, 2_500, 3_600_000, 100, 60_000));
    String t = topic("bytes");
    Position start = await(logs.position(t));
    String big = "x".repeat(1000); // each stored frame is 1000 + ~150 bytes: two fit in 2500, three do not
    for (int i = 1; i <= 4; i++) {
      publish(logs, t, "p" + i, big + i);
    }
    TopicLogs.Replay replay = await(logs.replay(t, start, 100));
    assertGap(replay, t, start, new Position(start.epoch(), 2), Gap.TRUNCATED);
    assertEquals(List.of(3L, 4L), replay.messages().stream().map(Deliver::seq).toList());

    publish(logs, t, "huge", "y".repeat(10_000)); // larger than the bound: accepted, the only one kept
    TopicLogs.Replay after = await(logs.replay(t, new Position(start.epoch(), 4), 100));
    assertNull(after.gap());
    assertEquals(1, after.messages().size());
    assertEquals("y".repeat(10_000), after.messages().get(0).payload());
    assertEquals(Gap.TRUNCATED, await(logs.replay(t, new Position(start.epoch(), 3), 100)).gap().reason());
  }

  @Test
  void ageBoundTruncatesHistoryOnReadAndOnAppend() {
    TopicLogs logs = logs(new TopicSettings(1000, 1 << 20, 10_000, 100, 60_000));
    String t = topic("age");
    Position start = await(logs.position(t));
    publish(logs, t, "p1", "old");
    clock.addAndGet(6_000);
    publish(logs, t, "p2", "newer");
    clock.addAndGet(5_000); // p1 is 11 s old
    TopicLogs.Replay replay = await(logs.replay(t, start, 100));
    assertGap(replay, t, start, new Position(start.epoch(), 1), Gap.TRUNCATED);
    assertEquals(List.of("newer"), replay.messages().stream().map(Deliver::payload).toList());
    assertEquals(T0 + 6_000, replay.messages().get(0).ts());
    // the read noticed the expired message and had it dropped in the background
    long deadline = System.currentTimeMillis() + 5_000;
    while (storedSize(t) != 1) {
      assertTrue(System.currentTimeMillis() < deadline, "expired message not dropped");
      Thread.onSpinWait();
    }

    clock.addAndGet(20_000); // everything expired: the head position stays, nothing is replayable
    publish(logs, t, "p3", "latest");
    TopicLogs.Replay later = await(logs.replay(t, new Position(start.epoch(), 1), 100));
    assertGap(later, t, new Position(start.epoch(), 1), new Position(start.epoch(), 2), Gap.TRUNCATED);
    assertEquals(List.of(3L), later.messages().stream().map(Deliver::seq).toList());
  }

  @Test
  void foreignEpochGetsEpochChangedAndTheKeptMessages() {
    TopicLogs logs = logs(TopicSettings.DEFAULTS);
    String t = topic("epoch");
    Deliver first = publish(logs, t, "p1", "a");
    publish(logs, t, "p2", "b");
    Position stale = new Position("lost-epoch", 41);
    TopicLogs.Replay replay = await(logs.replay(t, stale, 100));
    assertGap(replay, t, stale, new Position(first.epoch(), 0), Gap.EPOCH_CHANGED);
    assertEquals(List.of("a", "b"), replay.messages().stream().map(Deliver::payload).toList());
  }

  @Test
  void lostLogComesBackWithANewEpoch() {
    TopicLogs logs = logs(TopicSettings.DEFAULTS);
    String t = topic("lost");
    Deliver before = publish(logs, t, "p1", "a");
    lose(t);
    Position now = await(logs.position(t));
    assertNotEquals(before.epoch(), now.epoch());
    assertEquals(0, now.seq());
    TopicLogs.Replay replay = await(logs.replay(t, before.position(), 100));
    assertGap(replay, t, before.position(), now, Gap.EPOCH_CHANGED);
    // a duplicate of a publish from the lost log is a new message in the new one
    assertEquals(new Position(now.epoch(), 1), await(logs.append(t, "alice", "p1", "a", false)).deliver().position());
  }

  @Test
  void invalidInputFailsTheFuture() {
    TopicLogs logs = logs(TopicSettings.DEFAULTS);
    assertInstanceOf(ProtocolException.class, awaitFailure(logs.append("chat.*", "alice", "p1", "x", false)));
    assertInstanceOf(ProtocolException.class, awaitFailure(logs.append("chat", "alice", "p1", 12L, true)));
    assertInstanceOf(ProtocolException.class, awaitFailure(logs.position("")));
    assertInstanceOf(IllegalArgumentException.class,
      awaitFailure(logs.append("chat", "alice", "x".repeat(200), "x", false)));
  }

  @Test
  void futuresCompleteOnTheCallersContext() {
    TopicLogs logs = logs(TopicSettings.DEFAULTS);
    String t = topic("ctx");
    io.vertx.core.Context context = vertx.getOrCreateContext();
    java.util.concurrent.CompletableFuture<Boolean> same = new java.util.concurrent.CompletableFuture<>();
    context.runOnContext(v -> logs.append(t, "alice", "p1", "x", false)
      .onComplete(ar -> same.complete(ar.succeeded() && vertx.getOrCreateContext() == context)));
    assertTrue(same.join());
  }

  private static void assertGap(TopicLogs.Replay replay, String topic, Position requested, Position available,
                                String reason) {
    assertEquals(new Gap(topic, requested, available, reason), replay.gap());
  }

}
