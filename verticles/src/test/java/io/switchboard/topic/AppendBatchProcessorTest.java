package io.switchboard.topic;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.switchboard.support.JavaSerialization.bytes;
import static io.switchboard.support.JavaSerialization.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch processor on a plain map entry: the same rules as one append at a time, in the batch's order. */
class AppendBatchProcessorTest {

  private static final long T0 = 1_767_225_600_000L;

  /** A queued append as the processor reads it (no promise or context: the processor never touches them). */
  private static AppendQueue.Pending append(String dedupKey, String id, long now) {
    return new AppendQueue.Pending(dedupKey, id, now, ("frame-" + id).getBytes(StandardCharsets.UTF_8), null, null);
  }

  private static Map.Entry<String, TopicLog> entry(TopicLog log) {
    return new AbstractMap.SimpleEntry<>("t", log);
  }

  @Test
  void appliesTheBatchInOrderAndCreatesTheLogWithTheCandidateEpoch() {
    Map.Entry<String, TopicLog> e = entry(null);
    TopicLog.Appended[] r = new AppendBatchProcessor(List.of(append("k1", "m1", T0), append(null, "m2", T0 + 5),
      append("k3", "m3", T0 + 2)), "epoch1", TopicSettings.DEFAULTS).process(e).all();
    assertEquals(List.of(1L, 2L, 3L), Arrays.stream(r).map(TopicLog.Appended::seq).toList());
    assertEquals(List.of("m1", "m2", "m3"), Arrays.stream(r).map(TopicLog.Appended::messageId).toList());
    assertEquals(List.of(T0, T0 + 5, T0 + 5), Arrays.stream(r).map(TopicLog.Appended::ts).toList(),
      "each message's own time, made monotonic");
    assertEquals("epoch1", e.getValue().epoch());
    assertEquals(3, e.getValue().lastSeq());
  }

  @Test
  void anExistingLogKeepsItsEpochAndNumbering() {
    TopicLog log = new TopicLog("old", 41);
    Map.Entry<String, TopicLog> e = entry(log);
    TopicLog.Appended[] r = new AppendBatchProcessor(List.of(append(null, "m1", T0)), "fresh", TopicSettings.DEFAULTS)
      .process(e).all();
    assertEquals("old", r[0].epoch());
    assertEquals(42, r[0].seq());
    assertSame(log, e.getValue(), "changed in place and set back, so the backup is applied");
  }

  @Test
  void withoutACandidateEpochAMissingLogIsNotCreated() {
    Map.Entry<String, TopicLog> e = entry(null);
    assertNull(new AppendBatchProcessor(List.of(append("k1", "m1", T0), append("k2", "m2", T0)), null,
      TopicSettings.DEFAULTS).process(e));
    assertNull(e.getValue());
    TopicLog.Appended[] r = new AppendBatchProcessor(List.of(append("k1", "m1", T0)), null, TopicSettings.DEFAULTS)
      .process(entry(new TopicLog("e"))).all();
    assertEquals(1, r[0].seq(), "an existing log is appended to without a candidate");
  }

  @Test
  void twoCopiesOfOneMessageInABatchAppendOnceAndAnswerTheOriginal() {
    Map.Entry<String, TopicLog> e = entry(null);
    TopicLog.Appended[] r = new AppendBatchProcessor(List.of(append("k1", "m1", T0), append("k2", "m2", T0),
      append("k1", "m3", T0 + 1)), "e", TopicSettings.DEFAULTS).process(e).all();
    assertFalse(r[0].duplicate());
    assertFalse(r[1].duplicate());
    assertTrue(r[2].duplicate());
    assertEquals(1, r[2].seq());
    assertEquals("m1", r[2].messageId());
    assertArrayEquals("frame-m1".getBytes(StandardCharsets.UTF_8), r[2].frame(), "the original's stored frame");
    assertEquals(2, e.getValue().lastSeq());
  }

  @Test
  void boundsApplyWithinTheBatch() {
    Map.Entry<String, TopicLog> e = entry(null);
    new AppendBatchProcessor(List.of(append(null, "m1", T0), append(null, "m2", T0), append(null, "m3", T0)), "e",
      new TopicSettings(2, 1 << 20, 60_000, 10, 60_000)).process(e);
    assertEquals(2, e.getValue().size());
    assertEquals(3, e.getValue().lastSeq());
  }

  @Test
  void theBackupReplicaReachesTheSameStateFromTheSameInputs() throws Exception {
    TopicLog primary = new TopicLog("e");
    primary.append("k0", "m0", T0, new byte[]{1}, TopicSettings.DEFAULTS);
    TopicLog backup = copy(primary);
    AppendBatchProcessor p = new AppendBatchProcessor(List.of(append("k0", "m1", T0 + 1), append("k2", "m2", T0 + 2)),
      "e", TopicSettings.DEFAULTS);
    // The answer comes back through Hazelcast's serialization too (AppendResults).
    TopicLog.Appended[] onPrimary = viaHazelcast(p.process(entry(primary))).all();
    // The processor reaches the owner and the backup through Hazelcast's serialization (DataSerializable).
    TopicLog.Appended[] onBackup = viaHazelcast(p).process(entry(backup)).all();
    assertEquals(Arrays.stream(onPrimary).map(a -> a.seq() + "/" + a.ts() + "/" + a.messageId() + "/" + a.duplicate())
      .toList(), Arrays.stream(onBackup).map(a -> a.seq() + "/" + a.ts() + "/" + a.messageId() + "/" + a.duplicate())
      .toList());
    assertArrayEquals(bytes(primary), bytes(backup));
  }

  private static final com.hazelcast.internal.serialization.SerializationService HAZELCAST =
    new com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder().build();

  private static <T> T viaHazelcast(T o) {
    return HAZELCAST.toObject(HAZELCAST.toData(o));
  }
}
