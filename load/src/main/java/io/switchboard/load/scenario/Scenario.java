package io.switchboard.load.scenario;

import io.switchboard.load.Options;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.target.Target;
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

  /**
   * Whether this scenario can run against the target. The default, true, suits scenarios that need only the relay
   * subset; a scenario that needs more (REST, MCP, collaborative editing) or is about one target only overrides it.
   * The suite gives a target without a WebSocket endpoint (an MCP peer) only to scenarios that override this.
   */
  default boolean supports(Target target) {
    return true;
  }

  /** How long a run may take in all, past which the suite reports it failed: one deadline and a margin by default. */
  default long boundSeconds(Options o) {
    return o.maxSeconds + 30L;
  }
}
