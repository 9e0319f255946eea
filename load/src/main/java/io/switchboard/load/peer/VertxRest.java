package io.switchboard.load.peer;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP ceiling: a raw Vert.x 5 JSON endpoint with no features, serving the shape of Switchboard's session
 * REST API (docs/rest-api.md: create, get, merge-patch update with {@code If-Match}, list a page with a cursor,
 * delete) from memory, with no authentication, no limits, no cluster, no audit. One verticle per core sharing the
 * port, core {@code HttpServer} without a router. What Switchboard adds (JWT, permissions, rate budgets, validation,
 * the event-bus hop to the session service, Hazelcast) is absent, so its figures are what Vert.x itself costs.
 *
 * <p>{@code java -cp switchboard-load.jar io.switchboard.load.peer.VertxRest [--port P] [--host H] [--instances N]};
 * port 0 (the default) picks a free one. Prints {@code listening <port>} when ready; exits on SIGTERM.
 */
public final class VertxRest {

  static final String USAGE = "usage: VertxRest [--port P (0: any free)] [--host 127.0.0.1] [--instances N (default: cores)]";

  private final Vertx vertx;
  private final int port;

  private VertxRest(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  public int port() {
    return port;
  }

  public Future<Void> close() {
    return vertx.close();
  }

  /** Starts the endpoint on its own Vert.x, one verticle per event loop sharing the port and one store. */
  public static Future<VertxRest> start(String host, int port, int instances) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(instances));
    RestStore store = new RestStore();
    List<RestVerticle> started = new CopyOnWriteArrayList<>();
    int bindPort = port == 0 ? -1 : port;
    return vertx.deployVerticle(() -> {
      RestVerticle v = new RestVerticle(store, host, bindPort);
      started.add(v);
      return v;
    }, new DeploymentOptions().setInstances(instances))
        .map(id -> new VertxRest(vertx, started.get(0).actualPort()))
        .onFailure(err -> vertx.close());
  }

  public static void main(String[] args) throws Exception {
    PeerArgs a = PeerArgs.parseOrExit(args, USAGE, "--port", "--host", "--instances");
    int instances = a.integer("--instances", Runtime.getRuntime().availableProcessors());
    VertxRest rest = start(a.string("--host", "127.0.0.1"), a.integer("--port", 0), instances)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        rest.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }, "vertx-rest-stop"));
    System.out.println("vertx-rest: " + instances + " verticles, Vert.x " + VertxRelay.vertxVersion());
    System.out.println("listening " + rest.port());
  }
}
