package io.switchboard.load.scenario;

import io.switchboard.load.stats.ScenarioResult;
import io.vertx.core.Future;

/**
 * One benchmark scenario. {@link #run} is called on the client's Vert.x context, must never block, must be
 * bounded in count and in time ({@link RunContext#deadline()}), and completes with a result whose errors
 * are counted rather than thrown.
 */
public interface Scenario {

  /** The subcommand and the name in reports. */
  String name();

  Future<ScenarioResult> run(RunContext rc);

  /** Whether this scenario can measure the target (some need more than the relay subset every peer speaks). */
  default boolean supports(io.switchboard.load.target.Target t) { return true; }
}
