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
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("no fresh free port after 100 attempts");
  }

  /** A node config on a free port with a known HS256 secret; audit lines go to stdout (the test report). */
  public static JsonObject config(int httpPort) {
    return base(httpPort)
      .put("auth.jwt.secret", SECRET);
  }

  /** Ports (HTTP as given, WebSocket and TCP bridge free), one instance each, audit to stdout; no key: the node generates one. */
  public static JsonObject base(int httpPort) {
    return new JsonObject()
      .put("http.port", httpPort)
      .put("ws.port", freePort())
      .put("bridge.tcp.port", freePort())
      .put("ws.instances", 1)
      .put("http.instances", 1)
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
