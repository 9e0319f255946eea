package io.switchboard.load.peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import io.vertx.core.DeploymentOptions;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal raw Vert.x 5 WebSocket relay with no features: the relay subset (ready, subscribe, publish → ack +
 * deliver, ping → pong), JSON only, one verticle per core sharing the port, topic → sockets in one in-process
 * map. What Switchboard's gateway adds (JWT, permissions, limits, history, sequencing across nodes) is absent,
 * so its figures are the framework's ceiling on this machine.
 *
 * <p>{@code java -cp switchboard-load.jar io.switchboard.load.peer.VertxRelay [--port P] [--host H] [--instances N]};
 * port 0 (the default) picks a free one. Prints {@code listening <port>} when ready; exits on SIGTERM.
 */
public final class VertxRelay {

  static final String USAGE = "usage: VertxRelay [--port P (0: any free)] [--host 127.0.0.1] [--instances N (default: cores)]";

  private final Vertx vertx;
  private final int port;

  private VertxRelay(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  public int port() {
    return port;
  }

  public Future<Void> close() {
    return vertx.close();
  }

  /**
   * Starts the relay on its own Vert.x, one verticle per event loop sharing the port (one deployment with
   * several instances is what makes Vert.x share a server). Port 0 becomes -1: Vert.x's "one random port shared
   * by every instance".
   */
  public static Future<VertxRelay> start(String host, int port, int instances) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(instances));
    RelayHub hub = new RelayHub();
    List<RelayVerticle> started = new CopyOnWriteArrayList<>();
    int bindPort = port == 0 ? -1 : port;
    return vertx.deployVerticle(() -> {
      RelayVerticle v = new RelayVerticle(hub, host, bindPort);
      started.add(v);
      return v;
    }, new DeploymentOptions().setInstances(instances))
        .map(id -> new VertxRelay(vertx, started.get(0).actualPort()))
        .onFailure(err -> vertx.close());
  }

  /** The Vert.x version the relay runs on (vertx-core ships it as a resource). */
  static String vertxVersion() {
    try (var in = Vertx.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return in == null ? "unknown" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  public static void main(String[] args) throws Exception {
    PeerArgs a = PeerArgs.parseOrExit(args, USAGE, "--port", "--host", "--instances");
    int instances = a.integer("--instances", Runtime.getRuntime().availableProcessors());
    VertxRelay relay = start(a.string("--host", "127.0.0.1"), a.integer("--port", 0), instances)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        relay.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }, "vertx-relay-stop"));
    System.out.println("vertx-relay: " + instances + " verticles, Vert.x " + vertxVersion());
    System.out.println("listening " + relay.port());
  }
}
