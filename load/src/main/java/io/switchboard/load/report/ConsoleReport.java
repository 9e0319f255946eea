package io.switchboard.load.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The human-readable end of a run, rendered from the result JSON: per-scenario tables, comparisons, error samples. */
public final class ConsoleReport {

  /** Error samples shown per scenario run on the console; the JSON keeps up to 20. */
  static final int SAMPLES_SHOWN = 5;

  private ConsoleReport() {
  }

  /** Everything: the tables, the comparisons, error samples and the totals. */
  public static String render(JsonObject result) {
    StringBuilder sb = new StringBuilder(scenarios(result));
    String cmp = comparisons(result.getJsonArray("comparisons"));
    if (!cmp.isEmpty()) {
      sb.append('\n').append(cmp);
    }
    sb.append(errorSamples(result));
    sb.append(String.format(Locale.ROOT, "%ntotal %.1f s, %d errors%n",
        result.getDouble("seconds", 0.0), result.getLong("errors", 0L)));
    return sb.toString();
  }

  /**
   * One block per scenario name (in order of first appearance) with one row per target/framing and measure.
   * Flags: {@code CO} = latency corrected for coordinated omission (a fixed send rate), {@code truncated} = the
   * scenario hit its time bound before doing all it was asked to.
   */
  public static String scenarios(JsonObject result) {
    Map<String, List<Results.Entry>> byScenario = new LinkedHashMap<>();
    for (Results.Entry e : Results.entries(result)) {
      byScenario.computeIfAbsent(e.scenario(), k -> new ArrayList<>()).add(e);
    }
    int width = 24;
    for (List<Results.Entry> rows : byScenario.values()) {
      for (Results.Entry e : rows) {
        width = Math.max(width, label(e).length() + 2);
      }
    }
    String fmt = "%-" + width + "s %8s %10s %9s %6s %8s %8s %8s %8s %8s  %s%n";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "scenario / target · measure", "count",
        "rate/s", "bytes/s", "errors", "p50 us", "p95 us", "p99 us", "p99.9 us", "max us", "flags").stripTrailing())
        .append('\n');
    for (Map.Entry<String, List<Results.Entry>> group : byScenario.entrySet()) {
      sb.append(group.getKey()).append('\n');
      for (Results.Entry e : group.getValue()) {
        JsonObject s = e.stats();
        JsonObject lat = s.getJsonObject("latency", new JsonObject());
        List<String> flags = new ArrayList<>();
        if (s.getBoolean("coordinatedOmissionCorrected", false)) {
          flags.add("CO");
        }
        if (e.scenarioJson().getBoolean("truncated", false)) {
          flags.add("truncated");
        }
        sb.append(String.format(Locale.ROOT, fmt, "  " + label(e), s.getLong("count", 0L),
            String.format(Locale.ROOT, "%.1f", s.getDouble("ratePerSecond", 0.0)),
            bytes(s.getDouble("bytesPerSecond", 0.0)), s.getLong("errors", 0L),
            lat.getLong("p50", 0L), lat.getLong("p95", 0L), lat.getLong("p99", 0L), lat.getLong("p99_9", 0L),
            lat.getLong("max", 0L), String.join(" ", flags)).stripTrailing()).append('\n');
      }
    }
    return sb.toString();
  }

  private static String label(Results.Entry e) {
    String t = e.targetLabel();
    return t.isEmpty() ? e.measure() : t + " · " + e.measure();
  }

  /**
   * Switchboard vs peers: one row per compared (scenario, measure, metric), one column per target with its value and
   * the recorded ratio to Switchboard. Empty when there are none.
   */
  public static String comparisons(JsonArray comparisons) {
    if (comparisons == null || comparisons.isEmpty()) {
      return "";
    }
    Set<String> targets = new LinkedHashSet<>();
    for (int i = 0; i < comparisons.size(); i++) {
      targets.addAll(comparisons.getJsonObject(i).getJsonObject("values", new JsonObject()).fieldNames());
    }
    StringBuilder sb = new StringBuilder("Switchboard vs peers (value, and its ratio to Switchboard as recorded)\n");
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-40s %-14s", "scenario / measure", "metric"));
    targets.forEach(t -> head.append(String.format(Locale.ROOT, " %22s", t)));
    sb.append(head.toString().stripTrailing()).append('\n');
    for (int i = 0; i < comparisons.size(); i++) {
      JsonObject c = comparisons.getJsonObject(i);
      JsonObject values = c.getJsonObject("values", new JsonObject());
      JsonObject ratios = c.getJsonObject("ratioToSwitchboard", new JsonObject());
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-40s %-14s",
          c.getString("scenario", "-") + " / " + c.getString("measure", "-"), c.getString("metric", "-")));
      for (String t : targets) {
        Object v = values.getValue(t);
        String cell = v instanceof Number n ? number(n.doubleValue()) : "-";
        if (ratios.getValue(t) instanceof Number r) {
          cell += String.format(Locale.ROOT, " (%.2fx)", r.doubleValue());
        }
        row.append(String.format(Locale.ROOT, " %22s", cell));
      }
      sb.append(row.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  private static String errorSamples(JsonObject result) {
    StringBuilder sb = new StringBuilder();
    JsonArray scenarios = result.getJsonArray("scenarios", new JsonArray());
    for (int i = 0; i < scenarios.size(); i++) {
      JsonObject sc = scenarios.getJsonObject(i);
      JsonArray samples = sc.getJsonArray("errorSamples", new JsonArray());
      String target = sc.getJsonObject("settings", new JsonObject()).getString("target");
      String who = sc.getString("name") + (target != null ? " (" + target + ")" : "");
      for (int k = 0; k < Math.min(SAMPLES_SHOWN, samples.size()); k++) {
        sb.append("  ").append(who).append(" error: ").append(samples.getValue(k)).append('\n');
      }
      if (samples.size() > SAMPLES_SHOWN) {
        sb.append("  ").append(who).append(": ").append(samples.size() - SAMPLES_SHOWN)
            .append(" more error samples in the JSON\n");
      }
    }
    return sb.length() == 0 ? "" : "\n" + sb;
  }

  /** Bytes per second with a decimal unit (k, M, G), {@code -} when nothing was counted. */
  static String bytes(double perSecond) {
    if (perSecond <= 0) {
      return "-";
    }
    String[] units = {"", "k", "M", "G", "T"};
    int u = 0;
    double v = perSecond;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f" : "%.1f%s", v, units[u]);
  }

  /** A value for a table: integers as such, others with one decimal. */
  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
