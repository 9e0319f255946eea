package io.switchboard.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Real Switchboard nodes clustered through Hazelcast in this JVM, each a {@link Vertx} with its own ports and a
 * cluster name of its own (so concurrent or earlier test clusters never merge). Close it in {@code @AfterEach}.
 */
public final class TestCluster implements AutoCloseable {

  private final List<Vertx> nodes = new ArrayList<>();
  private final List<JsonObject> configs = new ArrayList<>();
  private final String name = "switchboard-test-" + UUID.randomUUID();
  private int[] hazelcastPorts;

  private TestCluster() {
  }

  /** The Hazelcast cluster name: another process joins with it (and a member's port). */
  public String name() {
    return name;
  }

  public int hazelcastPort(int i) {
    return hazelcastPorts[i];
  }

  /** Starts {@code size} nodes one after the other; {@code config} builds a node's config from a free HTTP port. */
  public static Future<TestCluster> start(int size, IntFunction<JsonObject> config) {
    TestCluster cluster = new TestCluster();
    String name = cluster.name;
    int[] hazelcastPorts = new int[size];
    for (int i = 0; i < size; i++) {
      hazelcastPorts[i] = TestNodes.freePort();
    }
    cluster.hazelcastPorts = hazelcastPorts;
    Future<Void> started = Future.succeededFuture();
    for (int i = 0; i < size; i++) {
      int n = i;
      started = started.compose(v -> TestNodes.clusteredVertx(name, hazelcastPorts[n], hazelcastPorts).compose(vertx -> {
        cluster.nodes.add(vertx);
        JsonObject c = config.apply(TestNodes.freePort());
        cluster.configs.add(c);
        return TestNodes.deploy(vertx, c).mapEmpty();
      }));
    }
    return started.map(cluster);
  }

  /** Nodes started. */
  public int size() {
    return nodes.size();
  }

  public Vertx node(int i) {
    return nodes.get(i);
  }

  public int httpPort(int i) {
    return configs.get(i).getInteger("http.port");
  }

  public int wsPort(int i) {
    return configs.get(i).getInteger("ws.port");
  }

  /** Completes once no partition migration is in flight (every backup in place), within 60 s. */
  public Future<Void> awaitSafe() {
    HazelcastClusterManager cm = (HazelcastClusterManager) ((VertxInternal) nodes.get(0)).clusterManager();
    return nodes.get(0).executeBlocking(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!cm.getHazelcastInstance().getPartitionService().isClusterSafe()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cluster not safe after 60 s");
        }
        Thread.sleep(100);
      }
      return null;
    });
  }

  /**
   * Node {@code i} dies: its Hazelcast member is terminated without handing anything over (the returned future
   * completes then), and the node closes in the background, dropping its sockets. Nobody waits for a dead node.
   */
  public Future<Void> crash(int i) {
    Vertx node = nodes.get(i);
    HazelcastClusterManager cm = (HazelcastClusterManager) ((VertxInternal) node).clusterManager();
    return node.<Void>executeBlocking(() -> {
      cm.getHazelcastInstance().getLifecycleService().terminate();
      return null;
    }).onComplete(done -> node.close());
  }

  @Override
  public void close() throws Exception {
    for (Vertx v : nodes) {
      v.close().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }
  }
}
