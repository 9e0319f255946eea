package io.switchboard.load.peer;

import io.vertx.core.Future;

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

  private final SharedPortPeer.Started started;

  private VertxRelay(SharedPortPeer.Started started) {
    this.started = started;
  }

  public int port() {
    return started.port();
  }

  public Future<Void> close() {
    return started.close();
  }

  /** Starts the relay on its own Vert.x, one verticle per event loop sharing the port and one topic map. */
  public static Future<VertxRelay> start(String host, int port, int instances) {
    RelayHub hub = new RelayHub();
    return SharedPortPeer.start(port, instances, bindPort -> new RelayVerticle(hub, host, bindPort),
        RelayVerticle::actualPort).map(VertxRelay::new);
  }

  public static void main(String[] args) throws Exception {
    PeerArgs a = PeerArgs.parseOrExit(args, USAGE, "--port", "--host", "--instances");
    int instances = a.integer("--instances", Runtime.getRuntime().availableProcessors());
    SharedPortPeer.run("vertx-relay", instances + " verticles",
        start(a.string("--host", "127.0.0.1"), a.integer("--port", 0), instances).map(r -> r.started));
  }
}
