package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.support.HazelcastMembers;
import io.switchboard.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OwnerReads} on a real two-member cluster: it answers only for keys this member owns, answers what the
 * cluster answers for them (including a write made from the other member the moment that write completed), and
 * answers null — "ask the cluster" — for everything else, never a wrong value.
 */
class OwnerReadsTest {

  private static HazelcastInstance a;
  private static HazelcastInstance b;

  @BeforeAll
  static void cluster() {
    String name = "owner-reads-" + UUID.randomUUID();
    int portA = TestNodes.freePort();
    int portB = TestNodes.freePort();
    while (portB == portA) {
      portB = TestNodes.freePort();
    }
    a = HazelcastMembers.member(name, portA, portB);
    b = HazelcastMembers.member(name, portB, portA);
    assertEquals(2, a.getCluster().getMembers().size());
    // The partition table is assigned on first use and then migrated to the second member: wait (bounded) until
    // every partition has an owner and no migration is left, so that ownership stays put during the tests.
    a.getMap("owner-reads-warm-up").put("k", "v");
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (!(a.getPartitionService().isClusterSafe() && b.getPartitionService().isClusterSafe()
        && a.getPartitionService().getPartitions().stream().allMatch(p -> p.getOwner() != null))) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("partitions not assigned and migrated within 30 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @AfterAll
  static void stop() {
    HazelcastMembers.shutdown(a, b);
  }

  private static boolean ownedBy(HazelcastInstance member, String key) {
    return member.getPartitionService().getPartition(key).getOwner().localMember();
  }

  /** The first key of the form prefix-N whose partition {@code member} owns. */
  private static String keyOwnedBy(HazelcastInstance member, String prefix) {
    for (int i = 0; i < 10_000; i++) {
      if (ownedBy(member, prefix + i)) {
        return prefix + i;
      }
    }
    throw new AssertionError("no key owned by " + member);
  }

  @Test
  void readsOwnedKeysInPlaceAndNothingElse() {
    IMap<String, String> onA = a.getMap("owner-reads-1");
    IMap<String, String> onB = b.getMap("owner-reads-1");
    OwnerReads<String, String> readsA = OwnerReads.of(onA);
    assertNotNull(readsA);
    String mine = keyOwnedBy(a, "k");
    String theirs = keyOwnedBy(b, "k");

    assertNull(readsA.get(mine), "absent: ask the cluster");
    onB.put(mine, "v1");      // written from the member that does not own it
    onA.put(theirs, "w1");    // A holds the backup of this one, and must not read it
    assertEquals("v1", readsA.get(mine), "the owner reads a write the moment it completed, whoever made it");
    assertNull(readsA.get(theirs), "a key of another member's partition (even one backed up here) is not read");
    assertNull(readsA.get("k-never-written-" + UUID.randomUUID()));

    onB.put(mine, "v2");
    assertEquals("v2", readsA.get(mine), "read-your-writes across members");
    onB.delete(mine);
    assertNull(readsA.get(mine), "a delete is seen at once");
  }

  @Test
  void agreesWithTheClusterForEveryOwnedKey() {
    IMap<String, Integer> onA = a.getMap("owner-reads-2");
    OwnerReads<String, Integer> readsA = OwnerReads.of(onA);
    IMap<String, Integer> onB = b.getMap("owner-reads-2");
    int owned = 0;
    for (int i = 0; i < 500; i++) {
      onB.put("n" + i, i);
    }
    for (int i = 0; i < 500; i++) {
      Integer local = readsA.get("n" + i);
      if (ownedBy(a, "n" + i)) {
        owned++;
        assertEquals(Integer.valueOf(i), local, "n" + i);
      } else {
        assertNull(local, "n" + i);
      }
    }
    assertTrue(owned > 100 && owned < 400, "both members own partitions: " + owned);
  }
}
