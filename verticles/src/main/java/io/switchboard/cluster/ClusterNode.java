package io.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * This node's place in the cluster, one per {@link Vertx}: its id, the members, and the Hazelcast instance that
 * holds shared state.
 * <p>
 * Clustered, the instance is the cluster manager's own. Standalone, an embedded Hazelcast member is started that
 * joins nobody and listens on loopback only: the session code then has exactly one path (entry processors,
 * queries, TTLs) whether the node is alone or not.
 */
public final class ClusterNode implements Shareable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private static final String LOCAL_MAP = "switchboard.node";
  /** First port an embedded standalone Hazelcast member tries. */
  public static final int STANDALONE_PORT = 5901;
  private static final String KEY = "cluster-node";

  private final HazelcastInstance hazelcast;
  private final ClusterManager clusterManager;
  private final String nodeId;
  private final boolean ownsHazelcast;
  private final long startedAt = System.currentTimeMillis();

  private ClusterNode(HazelcastInstance hazelcast, ClusterManager clusterManager, String nodeId, boolean ownsHazelcast) {
    this.hazelcast = hazelcast;
    this.clusterManager = clusterManager;
    this.nodeId = nodeId;
    this.ownsHazelcast = ownsHazelcast;
  }

  /** Starts (standalone) or adopts (clustered) the node's Hazelcast instance; idempotent per Vertx. */
  public static Future<ClusterNode> start(Vertx vertx) {
    ClusterNode existing = find(vertx);
    if (existing != null) {
      return Future.succeededFuture(existing);
    }
    ClusterManager cm = ((VertxInternal) vertx).clusterManager();
    Future<ClusterNode> created;
    if (cm instanceof HazelcastClusterManager hcm) {
      created = Future.succeededFuture(new ClusterNode(hcm.getHazelcastInstance(), cm, cm.getNodeId(), false));
    } else if (cm != null) {
      return Future.failedFuture("Switchboard needs the Hazelcast cluster manager, found " + cm.getClass().getName());
    } else {
      // Starting a Hazelcast member blocks for a second or two: keep it off the event loop.
      created = vertx.executeBlocking(() -> {
        String id = UUID.randomUUID().toString();
        return new ClusterNode(Hazelcast.newHazelcastInstance(standaloneConfig(id)), null, id, true);
      });
    }
    return created.map(node -> {
      LocalMap<String, ClusterNode> map = vertx.sharedData().getLocalMap(LOCAL_MAP);
      ClusterNode raced = map.putIfAbsent(KEY, node);
      return raced != null ? raced : node;
    });
  }

  /** The node started by {@link #start}; verticles deployed after the main verticle's start can rely on it. */
  public static ClusterNode get(Vertx vertx) {
    ClusterNode node = find(vertx);
    if (node == null) {
      throw new IllegalStateException("ClusterNode.start(vertx) has not completed");
    }
    return node;
  }

  private static ClusterNode find(Vertx vertx) {
    LocalMap<String, ClusterNode> map = vertx.sharedData().getLocalMap(LOCAL_MAP);
    return map.get(KEY);
  }

  /** Shuts down the embedded member, if this node started one. */
  public Future<Void> stop(Vertx vertx) {
    vertx.sharedData().getLocalMap(LOCAL_MAP).remove(KEY);
    if (!ownsHazelcast) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      hazelcast.shutdown();
      return null;
    });
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  public String nodeId() {
    return nodeId;
  }

  public boolean clustered() {
    return clusterManager != null;
  }

  /** Node ids of the members, this one included. */
  public List<String> members() {
    return clusterManager != null ? clusterManager.getNodes() : List.of(nodeId);
  }

  public long uptimeSeconds() {
    return (System.currentTimeMillis() - startedAt) / 1000;
  }

  public boolean healthy() {
    return hazelcast.getLifecycleService().isRunning();
  }

  /**
   * Declares a map whose values are kept as objects (entry processors then mutate or replace them without
   * deserialising), with one backup. Dynamic configuration, cluster-wide and idempotent; blocking, so call it off
   * the event loop. A map already configured with another format is refused: its processors would be slow.
   */
  public static void ensureObjectMap(HazelcastInstance hz, String name) {
    MapConfig config = new MapConfig(name).setInMemoryFormat(InMemoryFormat.OBJECT).setBackupCount(1);
    try {
      hz.getConfig().addMapConfig(config);
    } catch (InvalidConfigurationException e) {
      MapConfig existing = hz.getConfig().findMapConfig(name);
      if (existing.getInMemoryFormat() != InMemoryFormat.OBJECT) {
        throw new IllegalStateException("map " + name + " must use in-memory format OBJECT, is configured with "
          + existing.getInMemoryFormat(), e);
      }
    }
  }

  /**
   * Declares a map of JSON values for which Hazelcast keeps no JSON metadata. The metadata (a schema tree per value)
   * only speeds up predicates that read a JSON attribute without an index; it was ~0.6 KB of every session, 11 % of
   * an idle collaborative document (docs/benchmarks.md). Call before the map is first used (its proxy takes the
   * configuration it finds); dynamic configuration, cluster-wide and idempotent; blocking. A map already configured
   * otherwise keeps that configuration: it costs memory, not correctness, so it is said in the log, not refused.
   */
  public static void ensureNoJsonMetadata(HazelcastInstance hz, String name) {
    try {
      hz.getConfig().addMapConfig(new MapConfig(name).setMetadataPolicy(MetadataPolicy.OFF));
    } catch (InvalidConfigurationException e) {
      LOG.warn("map {} keeps JSON metadata ({}): it was configured otherwise before", name,
        hz.getConfig().findMapConfig(name).getMetadataPolicy());
    }
  }

  private static Config standaloneConfig(String id) {
    Config config = new Config();
    config.setClusterName("switchboard-standalone-" + id);
    config.setInstanceName("switchboard-standalone-" + id);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    NetworkConfig network = config.getNetworkConfig();
    // Out of the cluster range (5701+, see cluster.xml) so that standalone nodes on a machine never occupy the
    // ports that clustered nodes probe when they join.
    network.setPort(STANDALONE_PORT).setPortAutoIncrement(true).setPortCount(1000).setReuseAddress(true);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    return config;
  }
}
