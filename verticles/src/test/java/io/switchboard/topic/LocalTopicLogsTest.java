package io.switchboard.topic;

import io.switchboard.cluster.LocalEntryStore;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.protocol.message.Position;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.switchboard.support.HazelcastMembers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of {@link TopicLogsTest} again, on a standalone node's own memory ({@link LocalEntryStore}): the same
 * processors must give the same logs. Plus what only this store has to show: appends from several event loops at
 * once still get one gap-free order, and a standalone node chooses this store.
 */
class LocalTopicLogsTest extends TopicLogsTest {

  private LocalEntryStore<TopicLog> store;

  @Override
  TopicLogs logs(TopicSettings settings) {
    store = new LocalEntryStore<>();
    return TopicLogs.create(vertx, store, settings, clock::get);
  }

  @Override
  int storedSize(String topic) {
    return store.get(topic, vertx.getOrCreateContext()).result().size();
  }

  @Override
  void lose(String topic) {
    store.delete(topic);
  }

  @Test
  void appendsFromSeveralEventLoopsAtOnceGetOneGapFreeOrder() throws Exception {
    TopicLogs logs = logs(TopicSettings.DEFAULTS);
    String t = "local.concurrent";
    int loops = 4;
    int each = 2_000;
    List<CompletableFuture<List<Long>>> seqs = new ArrayList<>();
    for (int l = 0; l < loops; l++) {
      Context context = vertx.getOrCreateContext();
      String publisher = "p" + l;
      CompletableFuture<List<Long>> mine = new CompletableFuture<>();
      seqs.add(mine);
      context.runOnContext(v -> {
        List<Future<TopicLogs.Appended>> appends = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          appends.add(logs.append(t, publisher, "m" + i, i, false));
        }
        Future.all(appends).onComplete(ar -> {
          if (ar.failed()) {
            mine.completeExceptionally(ar.cause());
            return;
          }
          mine.complete(appends.stream().map(a -> a.result().deliver().seq()).toList());
        });
      });
    }
    Set<Long> all = new HashSet<>();
    for (CompletableFuture<List<Long>> mine : seqs) {
      List<Long> got = mine.get(30, TimeUnit.SECONDS);
      for (int i = 1; i < got.size(); i++) {
        assertTrue(got.get(i) > got.get(i - 1), "one publisher's appends keep their order");
      }
      all.addAll(got);
    }
    assertEquals(loops * each, all.size(), "no seq handed out twice");
    assertEquals(1L, all.stream().mapToLong(Long::longValue).min().orElseThrow());
    assertEquals((long) loops * each, all.stream().mapToLong(Long::longValue).max().orElseThrow());
    Position head = await(logs.position(t));
    assertEquals((long) loops * each, head.seq());
  }

  @Test
  void aStandaloneNodeKeepsItsLogsInItsOwnMemory() {
    ClusterNode node = await(ClusterNode.start(vertx));
    assertFalse(node.clustered());
    TopicLogs logs = await(TopicLogs.open(vertx, node, TopicSettings.DEFAULTS));
    assertFalse(logs.remoteStore());
    await(node.stop(vertx));
  }
}
