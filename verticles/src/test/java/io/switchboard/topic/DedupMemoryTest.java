package io.switchboard.topic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The duplicate-detection memory against a {@link LinkedHashMap} doing the same, and against hostile keys. */
class DedupMemoryTest {

  /**
   * Random adds, look-ups, forgets in the middle and removals from the old end, checked after every step against
   * the map the memory replaced: the same answers, the same entries in the same order. Few distinct keys, so that
   * probe runs collide, wrap around the table and get shifted back on removal; the ring grows and wraps too.
   */
  @Test
  void behavesAsAnInsertionOrderedMap() {
    Random random = new Random(42);
    DedupMemory memory = new DedupMemory();
    Map<String, long[]> model = new LinkedHashMap<>();
    for (int step = 0; step < 60_000; step++) {
      String key = "k" + random.nextInt(600);
      int op = random.nextInt(10);
      int at = memory.find(key);
      long[] expected = model.get(key);
      assertEquals(expected != null, at >= 0, "step " + step + ": find " + key);
      if (at >= 0) {
        assertEquals(expected[0], memory.seq(at));
        assertEquals(expected[1], memory.time(at));
        assertEquals("m" + expected[0], memory.messageId(at));
      }
      if (op < 6 && at < 0) {
        long seq = step;
        memory.add(key, seq, seq * 7, "m" + seq);
        model.put(key, new long[] {seq, seq * 7});
      } else if (op < 8 && at >= 0) {
        memory.forget(at);
        model.remove(key);
      } else if (!model.isEmpty()) {
        String oldest = model.keySet().iterator().next();
        assertEquals(model.get(oldest)[1], memory.oldestTime());
        memory.removeOldest();
        model.remove(oldest);
      }
      assertEquals(model.size(), memory.size());
      if (step % 97 == 0) {
        List<String> order = new ArrayList<>();
        for (int position : memory.positions()) {
          order.add(memory.key(position));
        }
        assertEquals(new ArrayList<>(model.keySet()), order, "step " + step);
      }
    }
  }

  @Test
  void growsPastAnyCountShrinksAfterAndFindsEveryEntry() {
    DedupMemory memory = new DedupMemory();
    for (int i = 0; i < 20_000; i++) {
      memory.add(TopicLog.dedupKey("alice", "p" + i), i, i, "m" + i);
    }
    for (int i = 0; i < 20_000; i += 7) {
      assertEquals(i, memory.seq(memory.find(TopicLog.dedupKey("alice", "p" + i))));
    }
    assertEquals(-1, memory.find(TopicLog.dedupKey("bob", "p1")));
    assertTrue(memory.capacity() >= 20_000);

    while (memory.size() > 10) { // the window passes: the burst's arrays go with it
      memory.removeOldest();
    }
    assertTrue(memory.capacity() <= 128, "capacity after the burst: " + memory.capacity());
    for (int i = 19_990; i < 20_000; i++) {
      assertEquals(i, memory.seq(memory.find(TopicLog.dedupKey("alice", "p" + i))));
    }
    memory.add(TopicLog.dedupKey("alice", "again"), 1, 1, "m");
    assertEquals(11, memory.size());
  }

  /**
   * Client message ids are the client's choice, and strings with one {@link String#hashCode} are easy to make
   * ("Aa" and "BB", and any concatenation of them): the table's hash must spread them, or every look-up of the
   * topic would walk all of them.
   */
  @Test
  void keysWithOneStringHashCodeSpreadOverTheTable() {
    List<String> keys = new ArrayList<>();
    keys.add("");
    for (int i = 0; i < 12; i++) { // 4,096 ids of 24 characters, one hashCode
      List<String> longer = new ArrayList<>();
      for (String k : keys) {
        longer.add(k + "Aa");
        longer.add(k + "BB");
      }
      keys = longer;
    }
    Set<Integer> hashCodes = new HashSet<>();
    Set<Long> slots = new HashSet<>();
    for (String id : keys) {
      String key = TopicLog.dedupKey("mallory", id);
      hashCodes.add(key.hashCode());
      slots.add(DedupMemory.hash(key) >>> (64 - 13)); // a table of 8,192 slots
    }
    assertEquals(1, hashCodes.size());
    assertTrue(slots.size() > 3_000, "slots used: " + slots.size()); // about 3,225 expected of a random spread

    DedupMemory memory = new DedupMemory();
    int seq = 0;
    for (String id : keys) {
      memory.add(TopicLog.dedupKey("mallory", id), ++seq, seq, "m" + seq);
    }
    assertEquals(keys.size(), memory.size());
    assertEquals(4_096, memory.seq(memory.find(TopicLog.dedupKey("mallory", keys.get(4_095)))));
  }
}
