package io.switchboard.support;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.switchboard.MainVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.net.ServerSocket;

/** Starting real Switchboard nodes in tests: free ports, clustered Vert.x over loopback Hazelcast. */
public final class TestNodes {

  public static final String SECRET = "test-secret-0123456789-abcdefghijklmnop";

  private TestNodes() {
  }

  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A port free now and never handed out before in this JVM: the OS readily returns a just-released port, and two
   * servers of one Vert.x on the same port would silently share it.
   */
  public static int freePort() {
    // Below the kernel's ephemeral range: a port chosen there now may be taken by any outbound connection (this
    // JVM's own clients included) before the node binds it, seconds later (a CI run failed so: Hazelcast "port
    // already in use"). Ports below it are never handed to outbound connections.
    int below = ephemeralLow();
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = random.nextInt(Math.max(1024, below - 12_000), below);
      if (HANDED_OUT.contains(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      } catch (IOException inUse) {
        continue;
      }
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no fresh free port below " + below + " after 1000 attempts");
  }

  /** The lowest port the kernel hands to outbound connections (Linux; 32768 where it cannot be read). */
  private static int ephemeralLow() {
    try {
      String range = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
      int low = Integer.parseInt(range.trim().split("\\s+")[0]);
      return low > 14_000 ? low : 32768;
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }

  /** A node config on a free port with a known HS256 secret; audit lines go to stdout (the test report). */
  public static JsonObject config(int httpPort) {
    return base(httpPort)
      .put("auth.jwt.secret", SECRET);
  }

  /**
   * Ports (HTTP as given, WebSocket and TCP bridge free), one instance each, no drain notice, audit to stdout; no key:
   * the node generates one.
   */
  public static JsonObject base(int httpPort) {
    return new JsonObject()
      .put("http.port", httpPort)
      .put("ws.port", freePort())
      .put("bridge.tcp.port", freePort())
      .put("ws.instances", 1)
      .put("http.instances", 1)
      // no drain notice: tests stop nodes all the time (GracefulDrainTest sets one)
      .put("http.drain-notice-seconds", 0)
      .put("audit.file", "-");
  }

  public static Future<String> deploy(Vertx vertx, JsonObject config) {
    return vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config));
  }

  /**
   * A clustered Vert.x on Hazelcast port {@code port}, joining the members at {@code memberPorts} by TCP-IP on
   * 127.0.0.1 without delay. Explicit free ports: a test cluster neither depends on 5701-5703 being free nor
   * finds members of another test.
   */
  public static Future<Vertx> clusteredVertx(String clusterName, int port, int... memberPorts) {
    Config hz = new Config();
    hz.setClusterName(clusterName);
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "jdk");
    hz.getNetworkConfig().setPort(port).setPortAutoIncrement(false).setReuseAddress(true);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (int member : memberPorts) {
      join.getTcpIpConfig().addMember("127.0.0.1:" + member);
    }
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0));
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hz)).buildClustered();
  }
}
