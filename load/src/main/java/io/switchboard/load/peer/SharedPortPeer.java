package io.switchboard.load.peer;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * How the Java peers run: on a Vert.x of their own with {@code instances} event loops, one verticle per loop sharing
 * the port (one deployment with several instances is what makes Vert.x share a server; port 0 becomes -1, Vert.x's
 * "one random port shared by every instance"), and as a process that prints {@code listening <port>} and stops on
 * SIGTERM.
 */
final class SharedPortPeer {

  /** A started peer: its Vert.x and the port its verticles share. */
  record Started(Vertx vertx, int port) {
    Future<Void> close() {
      return vertx.close();
    }
  }

  private SharedPortPeer() {
  }

  /**
   * @param verticle builds one instance for the port to bind (-1: a random one shared by all)
   * @param boundPort the port an instance ended up on
   */
  static <V extends VerticleBase> Future<Started> start(int port, int instances, IntFunction<V> verticle,
                                                        ToIntFunction<V> boundPort) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(instances));
    List<V> started = new CopyOnWriteArrayList<>();
    int bindPort = port == 0 ? -1 : port;
    return vertx.deployVerticle(() -> {
      V v = verticle.apply(bindPort);
      started.add(v);
      return v;
    }, new DeploymentOptions().setInstances(instances))
        .map(id -> new Started(vertx, boundPort.applyAsInt(started.get(0))))
        .onFailure(err -> vertx.close());
  }

  /** The process: waits for the start, stops on SIGTERM, announces itself and the port. */
  static void run(String name, String description, Future<Started> starting) throws Exception {
    Started peer = starting.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        peer.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }, name + "-stop"));
    System.out.println(name + ": " + description + ", Vert.x " + vertxVersion());
    System.out.println("listening " + peer.port());
  }

  /** The Vert.x version the peer runs on (vertx-core ships it as a resource). */
  static String vertxVersion() {
    try (var in = Vertx.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return in == null ? "unknown" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
