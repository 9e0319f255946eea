package io.switchboard.topic;

import io.switchboard.protocol.message.Gap;
import io.switchboard.protocol.message.Position;
import io.switchboard.support.JavaSerialization;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log's rules on their own, without Hazelcast: frames are opaque bytes here. */
class TopicLogTest {

  private static final long T0 = 1_767_225_600_000L;

  private static byte[] frame(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static TopicSettings settings(int maxMessages, long maxBytes, long maxAge, int dedupEntries, long window) {
    return new TopicSettings(maxMessages, maxBytes, maxAge, dedupEntries, window);
  }

  @Test
  void sequenceNumbersStartAtOneAndAreContiguous() {
    TopicLog log = new TopicLog("e1");
    assertEquals(new Position("e1", 0), log.position());
    for (int i = 1; i <= 20; i++) {
      TopicLog.Appended a = log.append(null, "m" + i, T0 + i, frame("x" + i), TopicSettings.DEFAULTS);
      assertEquals(i, a.seq());
      assertEquals("e1", a.epoch());
      assertEquals(T0 + i, a.ts());
      assertFalse(a.duplicate());
    }
    assertEquals(20, log.size());
    assertEquals(new Position("e1", 20), log.position());
  }

  @Test
  void acceptTimesAreMonotonicWhenClocksDisagree() {
    TopicLog log = new TopicLog("e1");
    log.append(null, "m1", T0 + 100, frame("a"), TopicSettings.DEFAULTS);
    TopicLog.Appended late = log.append(null, "m2", T0 + 50, frame("b"), TopicSettings.DEFAULTS);
    assertEquals(T0 + 100, late.ts());
  }

  @Test
  void countBoundEvictsOldestAcrossRingWraparound() {
    TopicSettings s = settings(5, 1 << 20, 3_600_000, 100, 60_000);
    TopicLog log = new TopicLog("e");
    for (int i = 1; i <= 37; i++) {
      log.append(null, "m" + i, T0, frame("m" + i), s);
      assertTrue(log.size() <= 5);
    }
    TopicLog.Slice slice = log.slice(new Position("e", 0), 100, T0, s);
    assertEquals(Gap.TRUNCATED, slice.reason());
    assertEquals(32, slice.availableSeq());
    assertEquals(33, slice.firstSeq());
    assertEquals(5, slice.frames().length);
    for (int i = 0; i < 5; i++) {
      assertEquals("m" + (33 + i), text(slice.frames()[i]));
    }
  }

  @Test
  void byteBoundEvictsOldestAndKeepsASingleOversizedMessage() {
    TopicSettings s = settings(100, 10, 3_600_000, 100, 60_000);
    TopicLog log = new TopicLog("e");
    log.append(null, "m1", T0, frame("aaaa"), s);
    log.append(null, "m2", T0, frame("bbbb"), s);
    assertEquals(8, log.totalBytes());
    log.append(null, "m3", T0, frame("cccc"), s); // 12 > 10: drop the oldest
    assertEquals(2, log.size());
    assertEquals(8, log.totalBytes());
    log.append(null, "m4", T0, frame("0123456789abcdef"), s); // larger than the bound on its own
    assertEquals(1, log.size());
    assertEquals(16, log.totalBytes());
    TopicLog.Slice slice = log.slice(new Position("e", 3), 10, T0, s);
    assertNull(slice.reason());
    assertEquals("0123456789abcdef", text(slice.frames()[0]));
    log.append(null, "m5", T0, frame("z"), s);
    assertEquals(1, log.size());
    assertEquals(1, log.totalBytes());
  }

  @Test
  void ageBoundSkipsExpiredOnReadAndDropsThemOnAppend() {
    TopicSettings s = settings(100, 1 << 20, 1_000, 100, 60_000);
    TopicLog log = new TopicLog("e");
    log.append(null, "m1", T0, frame("old"), s);
    log.append(null, "m2", T0 + 500, frame("mid"), s);
    log.append(null, "m3", T0 + 900, frame("new"), s);

    TopicLog.Slice slice = log.slice(new Position("e", 0), 10, T0 + 1_200, s); // m1 is 1200 ms old
    assertEquals(Gap.TRUNCATED, slice.reason());
    assertEquals(1, slice.availableSeq());
    assertEquals(2, slice.frames().length);
    assertTrue(slice.stale());
    assertEquals(3, log.size(), "reads change nothing");

    TopicLog.Slice fromOne = log.slice(new Position("e", 1), 10, T0 + 1_200, s);
    assertNull(fromOne.reason());
    assertEquals(2, fromOne.frames().length);

    assertTrue(log.dropExpired(T0 + 1_600, s)); // m1 and m2 now past their age
    assertEquals(1, log.size());
    assertEquals(3, log.totalBytes());
    log.append(null, "m4", T0 + 5_000, frame("last"), s); // m3 goes on append
    assertEquals(1, log.size());
    assertEquals(new Position("e", 4), log.position());
  }

  @Test
  void everythingExpiredLeavesTheHeadPosition() {
    TopicSettings s = settings(100, 1 << 20, 1_000, 100, 60_000);
    TopicLog log = new TopicLog("e");
    log.append(null, "m1", T0, frame("a"), s);
    log.append(null, "m2", T0, frame("b"), s);
    TopicLog.Slice upToDate = log.slice(new Position("e", 2), 10, T0 + 10_000, s);
    assertNull(upToDate.reason());
    assertEquals(0, upToDate.frames().length);
    TopicLog.Slice behind = log.slice(new Position("e", 1), 10, T0 + 10_000, s);
    assertEquals(Gap.TRUNCATED, behind.reason());
    assertEquals(2, behind.availableSeq());
    assertEquals(0, behind.frames().length);
  }

  @Test
  void duplicateWithinWindowGetsTheOriginalAndAppendsNothing() {
    TopicSettings s = settings(100, 1 << 20, 3_600_000, 100, 10_000);
    TopicLog log = new TopicLog("e");
    String key = TopicLog.dedupKey("alice", "p1");
    TopicLog.Appended first = log.append(key, "m1", T0, frame("hello"), s);
    log.append(TopicLog.dedupKey("bob", "p1"), "m2", T0, frame("other"), s); // other publisher: not a duplicate
    TopicLog.Appended again = log.append(key, "m3", T0 + 9_999, frame("hello again"), s);
    assertTrue(again.duplicate());
    assertEquals(1, again.seq());
    assertEquals("m1", again.messageId());
    assertEquals(first.ts(), again.ts());
    assertEquals("hello", text(again.frame()));
    assertEquals(2, log.lastSeq());

    TopicLog.Appended later = log.append(key, "m4", T0 + 10_000, frame("hello"), s); // window over
    assertFalse(later.duplicate());
    assertEquals(3, later.seq());
  }

  @Test
  void dedupKeyIsUnambiguous() {
    assertFalse(TopicLog.dedupKey("ab", "c").equals(TopicLog.dedupKey("a", "bc")));
  }

  @Test
  void dedupEntriesBoundForgetsTheOldest() {
    TopicSettings s = settings(100, 1 << 20, 3_600_000, 3, 60_000);
    TopicLog log = new TopicLog("e");
    for (int i = 1; i <= 4; i++) {
      log.append(TopicLog.dedupKey("u", "p" + i), "m" + i, T0, frame("x"), s);
    }
    assertEquals(3, log.dedupSize());
    assertFalse(log.append(TopicLog.dedupKey("u", "p1"), "m5", T0, frame("x"), s).duplicate());
    assertTrue(log.append(TopicLog.dedupKey("u", "p4"), "m6", T0, frame("x"), s).duplicate());
  }

  @Test
  void dedupWindowEvictsOnAppend() {
    TopicSettings s = settings(100, 1 << 20, 3_600_000, 100, 1_000);
    TopicLog log = new TopicLog("e");
    for (int i = 1; i <= 10; i++) {
      log.append(TopicLog.dedupKey("u", "p" + i), "m" + i, T0 + i * 100L, frame("x"), s);
    }
    log.append(null, "n", T0 + 1_550, frame("x"), s); // p1..p5 (<= T0+550) are past the window
    assertEquals(5, log.dedupSize());
  }

  @Test
  void duplicateOfAMessageNoLongerKeptStillGetsItsPosition() {
    TopicSettings s = settings(1, 1 << 20, 3_600_000, 100, 60_000);
    TopicLog log = new TopicLog("e");
    log.append(TopicLog.dedupKey("u", "p1"), "m1", T0, frame("a"), s);
    log.append(TopicLog.dedupKey("u", "p2"), "m2", T0, frame("b"), s);
    TopicLog.Appended dup = log.append(TopicLog.dedupKey("u", "p1"), "m3", T0 + 1, frame("a"), s);
    assertTrue(dup.duplicate());
    assertEquals(1, dup.seq());
    assertEquals("m1", dup.messageId());
    assertNull(dup.frame());
  }

  @Test
  void sliceHonoursMaxEpochAndPositionsAhead() {
    TopicSettings s = TopicSettings.DEFAULTS;
    TopicLog log = new TopicLog("e");
    for (int i = 1; i <= 10; i++) {
      log.append(null, "m" + i, T0, frame("m" + i), s);
    }
    TopicLog.Slice page = log.slice(new Position("e", 3), 4, T0, s);
    assertNull(page.reason());
    assertEquals(4, page.firstSeq());
    assertEquals(4, page.frames().length);
    assertEquals("m7", text(page.frames()[3]));
    assertEquals(10, page.lastSeq());

    TopicLog.Slice foreign = log.slice(new Position("old", 7), 100, T0, s);
    assertEquals(Gap.EPOCH_CHANGED, foreign.reason());
    assertEquals(0, foreign.availableSeq());
    assertEquals(10, foreign.frames().length);

    TopicLog.Slice ahead = log.slice(new Position("e", 99), 100, T0, s);
    assertNull(ahead.reason());
    assertEquals(0, ahead.frames().length);

    TopicLog.Slice head = log.slice(null, 100, T0, s);
    assertEquals(0, head.frames().length);
    assertEquals(10, head.lastSeq());
  }

  @Test
  void javaSerializationKeepsEverything() throws Exception {
    TopicSettings s = settings(5, 1 << 20, 3_600_000, 4, 60_000);
    TopicLog log = new TopicLog("e");
    for (int i = 1; i <= 12; i++) { // wraps the ring
      log.append(TopicLog.dedupKey("u", "p" + i), "m" + i, T0 + i, frame("m" + i), s);
    }
    TopicLog copy = JavaSerialization.copy(log);
    assertEquals(log.position(), copy.position());
    assertEquals(log.size(), copy.size());
    assertEquals(log.totalBytes(), copy.totalBytes());
    assertEquals(log.dedupSize(), copy.dedupSize());
    TopicLog.Slice a = log.slice(new Position("e", 0), 100, T0 + 20, s);
    TopicLog.Slice b = copy.slice(new Position("e", 0), 100, T0 + 20, s);
    assertEquals(a.availableSeq(), b.availableSeq());
    assertArrayEquals(a.times(), b.times());
    for (int i = 0; i < a.frames().length; i++) {
      assertArrayEquals(a.frames()[i], b.frames()[i]);
    }
    // both go on identically
    assertTrue(copy.append(TopicLog.dedupKey("u", "p12"), "x", T0 + 30, frame("x"), s).duplicate());
    assertEquals(13, copy.append(TopicLog.dedupKey("u", "p13"), "y", T0 + 30, frame("y"), s).seq());
    assertEquals(5, copy.size());
  }
}
