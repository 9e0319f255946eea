package io.switchboard.load.scenario;

import io.switchboard.load.Options;
import io.switchboard.load.target.Target;
import io.switchboard.load.client.Conn;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;

import java.util.concurrent.TimeUnit;

/**
 * What a scenario runs with: the client's Vert.x, the command line, the server under test and the token for it
 * (null for peers without authentication).
 */
public record RunContext(Vertx vertx, Options options, String token, Target target) {

  /** Opens one connection to the target in its framing, until its {@code ready}. */
  public Future<Conn> open(WebSocketClient client) {
    return open(client, token);
  }

  /** The same with another token (a user of its own: {@link io.switchboard.load.client.Conn#devTokens}). */
  public Future<Conn> open(WebSocketClient client, String token) {
    return Conn.open(client, target.wsUrl(), token, target.framing());
  }

  /**
   * Whether this target can issue a token per connection (a Switchboard node this tool can ask for development
   * tokens), so that a connection's JWT is verified on the connection itself, never served from the node's cache
   * of recently verified tokens.
   */
  public boolean tokenPerConnection() {
    return target.switchboard() && token != null && target.httpUrl() != null;
  }

  /**
   * Opens the i-th receiving connection (a subscriber): on another node than the publishers' when the target is a
   * cluster ({@link Target#receiverWsUrl}), so what it receives crossed nodes; on the one node otherwise.
   */
  public Future<Conn> openReceiver(WebSocketClient client, int i) {
    return Conn.open(client, target.receiverWsUrl(i), token, target.framing());
  }

  /** The settings every scenario that measures a target starts from: the target's name and its framing. */
  public io.vertx.core.json.JsonObject settings() {
    io.vertx.core.json.JsonObject settings = new io.vertx.core.json.JsonObject().put("target", target.name())
        .put("framing", target.framing().name());
    if (target.crossNode()) {
      settings.put("nodes", target.nodeWsUrls().size()).put("crossNode", "publishers on node 1, receivers on the others");
    }
    return settings;
  }

  /** The same run against the same target in another framing (JSON and MsgPack on Switchboard). */
  public RunContext withFraming(io.switchboard.load.client.Framing framing) {
    return new RunContext(vertx, options, token, target.withFraming(framing));
  }

  /** The scenario's time bound, as a {@link System#nanoTime()} value. */
  public long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds);
  }
}
