package io.switchboard.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.support.JavaSerialization;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An append looks for expired messages and dedup entries only once something can be due: the log must still drop
 * exactly what a look on every append drops. A reference model that looks every time is run beside it over random
 * appends (with and without dedup keys, clocks that stand still or jump, bounds that evict), a serialised copy
 * half-way, and a change of settings.
 */
class TopicLogExpiryTest {

  private static final long T0 = 1_767_225_600_000L;

  /** The log's rules, looked at on every append: what the gate must not change. */
  private static final class Model {
    final ArrayDeque<long[]> messages = new ArrayDeque<>(); // {ts, bytes}
    final LinkedHashMap<String, Long> dedup = new LinkedHashMap<>(); // key -> ts
    long lastTs;
    long seq;

    boolean append(String key, long now, int bytes, TopicSettings s) {
      while (!messages.isEmpty() && now - messages.peekFirst()[0] >= s.maxAgeMillis()) {
        messages.pollFirst();
      }
      for (Iterator<Map.Entry<String, Long>> it = dedup.entrySet().iterator(); it.hasNext(); ) {
        if (now - it.next().getValue() < s.dedupWindowMillis()) {
          break;
        }
        it.remove();
      }
      Long original = key == null ? null : dedup.get(key);
      if (original != null && now - original < s.dedupWindowMillis()) {
        return true;
      }
      if (original != null) {
        dedup.remove(key);
      }
      long ts = Math.max(now, lastTs);
      lastTs = ts;
      seq++;
      messages.addLast(new long[] {ts, bytes});
      long total = messages.stream().mapToLong(m -> m[1]).sum();
      while (messages.size() > s.maxMessages() || (total > s.maxBytes() && messages.size() > 1)) {
        total -= messages.pollFirst()[1];
      }
      if (key != null) {
        dedup.put(key, ts);
        while (dedup.size() > s.dedupEntries()) {
          dedup.remove(dedup.keySet().iterator().next());
        }
      }
      return false;
    }
  }

  @Test
  void dropsWhatALookOnEveryAppendDrops() throws Exception {
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      TopicSettings s = new TopicSettings(2 + random.nextInt(20), 40 + random.nextInt(200), 1 + random.nextInt(2_000),
          1 + random.nextInt(10), random.nextInt(1_500));
      TopicLog log = new TopicLog("e");
      Model model = new Model();
      long now = T0;
      for (int i = 0; i < 300; i++) {
        if (i == 150) {
          log = JavaSerialization.copy(log); // a replica or a migrated entry continues from its serialised form
        }
        if (i == 200 && random.nextBoolean()) {
          s = new TopicSettings(s.maxMessages(), s.maxBytes(), 1 + random.nextInt(500), s.dedupEntries(),
              random.nextInt(500)); // shorter bounds from now on
        }
        now += switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> random.nextInt(50);
          case 2 -> random.nextInt(600);
          default -> -random.nextInt(30); // a clock a little behind
        };
        String key = random.nextInt(3) == 0 ? null : TopicLog.dedupKey("u", "p" + random.nextInt(12));
        int bytes = 1 + random.nextInt(30);
        String where = "seed " + seed + ", append " + i;
        boolean duplicate = model.append(key, now, bytes, s);
        TopicLog.Appended a = log.append(key, "m" + i, now, new byte[bytes], s);
        assertEquals(duplicate, a.duplicate(), where);
        assertEquals(model.seq, log.lastSeq(), where);
        assertEquals(model.messages.size(), log.size(), where);
        assertEquals(model.dedup.size(), log.dedupSize(), where);
      }
    }
  }

  @Test
  void aLookBeforeAnythingIsDueDropsNothingAndOneWhenDueDropsIt() {
    TopicSettings s = new TopicSettings(100, 1 << 20, 1_000, 100, 300);
    TopicLog log = new TopicLog("e");
    log.append(TopicLog.dedupKey("u", "p1"), "m1", T0, new byte[1], s);
    log.append(null, "m2", T0 + 200, new byte[1], s);
    assertFalse(log.dropExpired(T0 + 299, s));
    assertTrue(log.dropExpired(T0 + 300, s), "the dedup entry is due at T0 + 300");
    assertEquals(0, log.dedupSize());
    assertFalse(log.dropExpired(T0 + 999, s));
    assertTrue(log.dropExpired(T0 + 1_000, s), "m1 is due at T0 + 1000");
    assertEquals(1, log.size());
    assertTrue(log.dropExpired(T0 + 1_400, s));
    assertEquals(0, log.size());
    assertFalse(log.dropExpired(Long.MAX_VALUE, s));
  }
}
