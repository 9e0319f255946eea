package io.switchboard.load.peer;

import io.vertx.core.Future;

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

  private final SharedPortPeer.Started started;

  private VertxRest(SharedPortPeer.Started started) {
    this.started = started;
  }

  public int port() {
    return started.port();
  }

  public Future<Void> close() {
    return started.close();
  }

  /** Starts the endpoint on its own Vert.x, one verticle per event loop sharing the port and one store. */
  public static Future<VertxRest> start(String host, int port, int instances) {
    RestStore store = new RestStore();
    return SharedPortPeer.start(port, instances, bindPort -> new RestVerticle(store, host, bindPort),
        RestVerticle::actualPort).map(VertxRest::new);
  }

  public static void main(String[] args) throws Exception {
    PeerArgs a = PeerArgs.parseOrExit(args, USAGE, "--port", "--host", "--instances");
    int instances = a.integer("--instances", Runtime.getRuntime().availableProcessors());
    SharedPortPeer.run("vertx-rest", instances + " verticles",
        start(a.string("--host", "127.0.0.1"), a.integer("--port", 0), instances).map(r -> r.started));
  }
}
