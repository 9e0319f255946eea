package io.switchboard.topic;

import io.switchboard.support.HazelcastMembers;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Position;
import io.switchboard.support.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.switchboard.support.HazelcastMembers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two real members on loopback: cluster-wide atomic sequence numbers, and a log surviving its owner's loss. */
class TopicLogsClusterTest {

  private Vertx vertx;
  private HazelcastInstance hz1;
  private HazelcastInstance hz2;
  private TopicLogs logs1;
  private TopicLogs logs2;

  @BeforeEach
  void start() {
    String cluster = "topics-" + UUID.randomUUID();
    int port1 = TestNodes.freePort();
    int port2 = TestNodes.freePort();
    vertx = Vertx.vertx();
    hz1 = HazelcastMembers.member(cluster, port1, port2);
    hz2 = HazelcastMembers.member(cluster, port2, port1);
    assertEquals(2, hz1.getCluster().getMembers().size());
    logs1 = TopicLogs.create(vertx, hz1, TopicSettings.DEFAULTS);
    logs2 = TopicLogs.create(vertx, hz2, TopicSettings.DEFAULTS);
  }

  @AfterEach
  void stop() {
    HazelcastMembers.shutdown(hz1, hz2);
    await(vertx.close());
  }

  @Test
  void mapIsConfiguredAsObjectsWithOneBackupAndCreateIsIdempotent() {
    TopicLogs.create(vertx, hz1, new TopicSettings(5, 100, 1000, 1, 1000));
    assertEquals(InMemoryFormat.OBJECT, hz1.getConfig().getMapConfig(TopicLogs.MAP).getInMemoryFormat());
    assertEquals(1, hz1.getConfig().getMapConfig(TopicLogs.MAP).getBackupCount());
    TopicLogs opened = await(TopicLogs.open(vertx, hz1, TopicSettings.DEFAULTS));
    assertEquals(TopicSettings.DEFAULTS, opened.settings());
    assertTrue(opened.remoteStore());
  }

  @Test
  void concurrentAppendsFromTwoMembersGetEverySeqOnce() {
    String topic = "race." + UUID.randomUUID().toString().substring(0, 8);
    int perMember = 250;
    long started = System.nanoTime();
    List<Future<TopicLogs.Appended>> all = new ArrayList<>();
    for (int i = 0; i < perMember; i++) {
      all.add(logs1.append(topic, "alice", "a" + i, new JsonObject().put("i", (long) i), false));
      all.add(logs2.append(topic, "bob", "b" + i, new JsonObject().put("i", (long) i), false));
    }
    await(Future.all(all));
    long elapsedMicros = (System.nanoTime() - started) / 1000;
    System.out.printf("500 concurrent appends from 2 members: %d ms (%d us/append)%n", elapsedMicros / 1000,
      elapsedMicros / 500);

    List<Long> seqs = all.stream().map(f -> f.result().deliver().seq()).toList();
    Set<Long> distinct = new HashSet<>(seqs);
    assertEquals(500, distinct.size(), "no seq handed out twice");
    assertEquals(LongStream.rangeClosed(1, 500).boxed().collect(Collectors.toSet()), distinct);
    Set<String> epochs = all.stream().map(f -> f.result().deliver().epoch()).collect(Collectors.toSet());
    assertEquals(1, epochs.size(), "one log, one epoch, whichever member created it");
    Set<String> ids = all.stream().map(f -> f.result().deliver().messageId()).collect(Collectors.toSet());
    assertEquals(500, ids.size(), "message ids are unique across members");

    // Both members see the same log, in seq order.
    String epoch = epochs.iterator().next();
    TopicLogs.Replay fromOne = await(logs1.replay(topic, new Position(epoch, 0), 1000));
    TopicLogs.Replay fromTwo = await(logs2.replay(topic, new Position(epoch, 0), 1000));
    assertNull(fromOne.gap());
    assertEquals(LongStream.rangeClosed(1, 500).boxed().toList(), fromOne.messages().stream().map(Deliver::seq).toList());
    assertEquals(fromOne.messages(), fromTwo.messages());

    // A retry through the other member is still a duplicate.
    TopicLogs.Appended retry = await(logs2.append(topic, "alice", "a7", new JsonObject().put("i", 7L), false));
    assertTrue(retry.duplicate());
    assertEquals(all.get(14).result().deliver(), retry.deliver());
  }

  @Test
  void logSurvivesTheLossOfItsPartitionOwner() throws InterruptedException {
    String topic = "survive." + UUID.randomUUID().toString().substring(0, 8);
    List<Deliver> published = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      TopicLogs logs = i % 2 == 0 ? logs1 : logs2;
      published.add(await(logs.append(topic, "alice", "p" + i, "m" + i, false)).deliver());
    }
    long deadline = System.currentTimeMillis() + 15_000;
    while (!(hz1.getPartitionService().isClusterSafe() && hz2.getPartitionService().isClusterSafe())) {
      assertTrue(System.currentTimeMillis() < deadline, "cluster did not become safe");
      Thread.sleep(50);
    }
    Member owner = hz1.getPartitionService().getPartition(topic).getOwner();
    boolean firstOwns = owner.equals(hz1.getCluster().getLocalMember());
    HazelcastInstance victim = firstOwns ? hz1 : hz2;
    TopicLogs survivor = firstOwns ? logs2 : logs1;
    victim.getLifecycleService().terminate();

    String epoch = published.get(0).epoch();
    TopicLogs.Replay replay = await(survivor.replay(topic, new Position(epoch, 0), 100));
    assertNull(replay.gap());
    assertEquals(published, replay.messages());
    assertEquals(new Position(epoch, 40), replay.position());

    TopicLogs.Appended next = await(survivor.append(topic, "alice", "p41", "m41", false));
    assertFalse(next.duplicate());
    assertEquals(new Position(epoch, 41), next.deliver().position());
    TopicLogs.Appended retry = await(survivor.append(topic, "alice", "p40", "m40", false));
    assertTrue(retry.duplicate(), "the dedup memory was replicated too");
    assertEquals(published.get(39), retry.deliver());
  }
}
