package io.switchboard.support;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Plain Hazelcast members for tests of code built on Hazelcast: loopback only, no waiting before join, own cluster name. */
public final class HazelcastMembers {

  private HazelcastMembers() {
  }

  /** A member that joins nobody, on the first free port from 5901. */
  public static HazelcastInstance standalone() {
    return standalone(new Config());
  }

  /** As {@link #standalone()}, with the cluster properties of {@code properties} (e.g. a slower expiration task). */
  public static HazelcastInstance standalone(java.util.Map<String, String> properties) {
    Config config = new Config();
    properties.forEach(config::setProperty);
    return standalone(config);
  }

  private static HazelcastInstance standalone(Config given) {
    Config config = base(given, "topics-standalone-" + UUID.randomUUID());
    config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true).setPortCount(1000);
    config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(false);
    return Hazelcast.newHazelcastInstance(config);
  }

  /** A member on {@code port} of cluster {@code clusterName}, joining the others by TCP-IP on 127.0.0.1. */
  public static HazelcastInstance member(String clusterName, int port, int... memberPorts) {
    Config config = base(clusterName);
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getTcpIpConfig().setEnabled(true);
    for (int member : memberPorts) {
      join.getTcpIpConfig().addMember("127.0.0.1:" + member);
    }
    return Hazelcast.newHazelcastInstance(config);
  }

  private static Config base(String clusterName) {
    return base(new Config(), clusterName);
  }

  private static Config base(Config config, String clusterName) {
    config.setClusterName(clusterName);
    config.setInstanceName(clusterName + "-" + UUID.randomUUID());
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.partition.count", "31"); // small test clusters: faster start and migration
    NetworkConfig network = config.getNetworkConfig();
    network.setReuseAddress(true);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    return config;
  }

  public static void shutdown(HazelcastInstance... members) {
    for (HazelcastInstance member : members) {
      if (member != null && member.getLifecycleService().isRunning()) {
        member.shutdown();
      }
    }
  }

  /** Blocks the test thread (never an event loop) for the result. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future failed: " + e, e);
    }
  }

  public static Throwable awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }
}
