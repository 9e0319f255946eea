package io.switchboard.load.report;

import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The JSON result file and the human-readable table. */
public final class Report {

  private Report() {
  }

  public static JsonObject machine() {
    Runtime rt = Runtime.getRuntime();
    return new JsonObject()
        .put("cores", rt.availableProcessors())
        .put("maxMemoryBytes", rt.maxMemory())
        .put("jvm", new JsonObject()
            .put("version", System.getProperty("java.version"))
            .put("vendor", System.getProperty("java.vendor"))
            .put("vm", System.getProperty("java.vm.name")))
        .put("os", new JsonObject()
            .put("name", System.getProperty("os.name"))
            .put("version", System.getProperty("os.version"))
            .put("arch", System.getProperty("os.arch")));
  }

  public static JsonObject toJson(JsonObject machine, JsonObject settings, Instant startedAt,
                                  double seconds, List<ScenarioResult> results) {
    JsonArray scenarios = new JsonArray();
    results.forEach(r -> scenarios.add(r.toJson()));
    return new JsonObject()
        .put("tool", "switchboard-load")
        .put("formatVersion", 1)
        .put("startedAt", startedAt.toString())
        .put("seconds", Stats.round(seconds, 3))
        .put("machine", machine)
        .put("settings", settings)
        .put("errors", results.stream().mapToLong(ScenarioResult::errors).sum())
        .put("scenarios", scenarios);
  }

  public static String machineLine(JsonObject m) {
    return String.format(Locale.ROOT, "machine: %d cores, max heap %d MiB, Java %s (%s), %s %s %s",
        m.getInteger("cores"), m.getLong("maxMemoryBytes") / (1024 * 1024),
        m.getJsonObject("jvm").getString("version"), m.getJsonObject("jvm").getString("vm"),
        m.getJsonObject("os").getString("name"), m.getJsonObject("os").getString("version"),
        m.getJsonObject("os").getString("arch"));
  }

  public static String table(List<ScenarioResult> results) {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-36s %8s %10s %7s %9s %9s %9s %9s %9s%n";
    sb.append(String.format(Locale.ROOT, fmt, "scenario / measure", "count", "rate/s", "errors",
        "p50 us", "p95 us", "p99 us", "p99.9 us", "max us"));
    for (ScenarioResult r : results) {
      for (Stats s : r.stats()) {
        String label = r.name() + " / " + s.name() + (r.truncated() ? " (truncated)" : "");
        sb.append(String.format(Locale.ROOT, fmt, label, s.count(),
            String.format(Locale.ROOT, "%.1f", s.rate()), s.errorCount(),
            s.percentile(50), s.percentile(95), s.percentile(99), s.percentile(99.9), s.max()));
      }
    }
    return sb.toString();
  }
}
