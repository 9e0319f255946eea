package io.switchboard.load.report;

import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * The JSON result file (format 2, described in load/README.md) and the console table. Everything after the run
 * (console table, HTML, baseline, compare) is rendered from this JSON, so a saved file renders the same way.
 */
public final class Report {

  private Report() {
  }

  /** The machine at the start of the run; see {@link Machine}. */
  public static JsonObject machine() {
    return Machine.describe();
  }

  public static JsonObject toJson(JsonObject machine, JsonObject settings, Instant startedAt,
                                  double seconds, List<ScenarioResult> results) {
    return toJson(machine, settings, startedAt, seconds, results, null);
  }

  /**
   * Called when the run ends: adds the load average at the end to the machine. {@code comparisons} (Switchboard vs
   * peers, may be null) is {@code [{scenario, measure, metric, values: {target: n}, ratioToSwitchboard: {target: n}}]}.
   */
  public static JsonObject toJson(JsonObject machine, JsonObject settings, Instant startedAt,
                                  double seconds, List<ScenarioResult> results, JsonArray comparisons) {
    JsonArray scenarios = new JsonArray();
    results.forEach(r -> scenarios.add(r.toJson()));
    JsonObject json = new JsonObject()
        .put("tool", "switchboard-load")
        .put("formatVersion", Results.FORMAT_VERSION)
        .put("startedAt", startedAt.toString())
        .put("seconds", Stats.round(seconds, 3))
        .put("machine", Machine.atEnd(machine))
        .put("settings", settings)
        .put("errors", results.stream().mapToLong(ScenarioResult::errors).sum())
        .put("scenarios", scenarios);
    if (comparisons != null) {
      json.put("comparisons", comparisons);
    }
    return json;
  }

  public static String machineLine(JsonObject m) {
    return Machine.line(m);
  }

  /** The measures of these results as a console table (see {@link ConsoleReport#scenarios}). */
  public static String table(List<ScenarioResult> results) {
    JsonArray scenarios = new JsonArray();
    results.forEach(r -> scenarios.add(r.toJson()));
    return ConsoleReport.scenarios(new JsonObject().put("scenarios", scenarios));
  }
}
