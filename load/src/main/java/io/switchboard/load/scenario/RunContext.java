package io.switchboard.load.scenario;

import io.switchboard.load.Options;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/** What a scenario runs with: the client's Vert.x, the command line, and the token for the node. */
public record RunContext(Vertx vertx, Options options, String token) {

  /** The scenario's time bound, as a {@link System#nanoTime()} value. */
  public long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds);
  }
}
