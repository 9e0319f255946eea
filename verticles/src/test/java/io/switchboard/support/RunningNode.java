package io.switchboard.support;

import io.switchboard.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * A standalone node started for a test class, with the test secret's token minter: the plain (non-vertx-junit5)
 * way of the tests that drive it with blocking clients (raw sockets, the bridge's frames).
 */
public final class RunningNode implements AutoCloseable {

  public final Vertx vertx;
  public final Tokens tokens;
  public final JsonObject config;

  private RunningNode(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.tokens = new Tokens(vertx, TestNodes.SECRET);
    this.config = config;
  }

  /** A node on free ports with {@link TestNodes#config} and these settings on top. */
  public static RunningNode start(JsonObject settings) throws Exception {
    return start(Vertx.vertx(), settings);
  }

  /** The same, with Vert.x's metrics on as the launcher turns them on ({@link NodeMetrics#builder}). */
  public static RunningNode startWithMetrics(JsonObject settings) throws Exception {
    return start(NodeMetrics.builder(new VertxOptions()).build(), settings);
  }

  private static RunningNode start(Vertx vertx, JsonObject settings) throws Exception {
    RunningNode node = new RunningNode(vertx, TestNodes.config(TestNodes.freePort()).mergeIn(settings));
    await(TestNodes.deploy(node.vertx, node.config));
    return node;
  }

  /** The future's result, within 60 s. */
  public static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  public int httpPort() {
    return config.getInteger("http.port");
  }

  public int wsPort() {
    return config.getInteger("ws.port");
  }

  public int bridgePort() {
    return config.getInteger("bridge.tcp.port");
  }

  /** A valid one-hour token. */
  public String token(String sub, String... roles) {
    return tokens.token(sub, roles);
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }
}
