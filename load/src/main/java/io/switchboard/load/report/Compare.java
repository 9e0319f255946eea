package io.switchboard.load.report;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A result compared with a baseline, measure by measure (matched by {@link Results.Entry#key()}). Throughput
 * ({@code ratePerSecond}, {@code bytesPerSecond}) regresses when it drops by more than {@code throughputDropPercent};
 * latency ({@code p50}, {@code p99}) regresses when it rises by more than {@code latencyRisePercent} and by more
 * than {@code latencyFloorUs} microseconds (so microsecond noise on tiny latencies does not flag). A change as large
 * the other way is {@code improved}. Exactly at the threshold is still {@code ok}.
 */
public final class Compare {

  public static final List<String> THROUGHPUT = List.of("ratePerSecond", "bytesPerSecond");
  public static final List<String> LATENCY = List.of("p50", "p99");

  /** Absorbs floating-point error so that exactly 10.0 % is not read as 10.000000000000002 %. */
  private static final double EPSILON = 1e-9;

  public record Thresholds(double throughputDropPercent, double latencyRisePercent, double latencyFloorUs) {
    public static final Thresholds DEFAULT = new Thresholds(10, 20, 0);
  }

  public enum Verdict {
    OK("ok"), REGRESSION("REGRESSION"), IMPROVED("improved"), MISSING("missing"), NEW("new");

    public final String text;

    Verdict(String text) {
      this.text = text;
    }
  }

  /** One compared value; baseline, current and change are null where they do not apply (missing, new). */
  public record Row(String key, String metric, Double baseline, Double current, Double changePercent, Verdict verdict) {
  }

  public record Outcome(List<Row> rows, List<String> warnings) {

    public boolean regressed() {
      return rows.stream().anyMatch(r -> r.verdict() == Verdict.REGRESSION);
    }

    /** 1 when anything regressed, else 0. */
    public int exitCode() {
      return regressed() ? 1 : 0;
    }

    public Map<Verdict, Integer> counts() {
      Map<Verdict, Integer> c = new EnumMap<>(Verdict.class);
      rows.forEach(r -> c.merge(r.verdict(), 1, Integer::sum));
      return c;
    }
  }

  private Compare() {
  }

  public static Outcome compare(JsonObject baseline, JsonObject current, Thresholds t) {
    List<String> warnings = new ArrayList<>(machineWarnings(baseline.getJsonObject("machine", new JsonObject()),
        current.getJsonObject("machine", new JsonObject())));
    Map<String, Results.Entry> base = byKey(baseline);
    Map<String, Results.Entry> cur = byKey(current);
    List<Row> rows = new ArrayList<>();
    for (Results.Entry b : base.values()) {
      Results.Entry c = cur.get(b.key());
      if (c == null) {
        rows.add(new Row(b.key(), "-", null, null, null, Verdict.MISSING));
        continue;
      }
      for (String metric : THROUGHPUT) {
        row(b, c, metric, t).ifPresent(rows::add);
      }
      for (String metric : LATENCY) {
        row(b, c, metric, t).ifPresent(rows::add);
      }
      long errors = c.stats().getLong("errors", 0L);
      if (errors > 0 && b.stats().getLong("errors", 0L) == 0) {
        warnings.add("warning: " + c.key() + " had " + errors + " errors (none in the baseline)");
      }
      if (c.scenarioJson().getBoolean("truncated", false) && !b.scenarioJson().getBoolean("truncated", false)) {
        warnings.add("warning: " + c.key() + " was truncated by its time bound (not in the baseline)");
      }
    }
    for (Results.Entry c : cur.values()) {
      if (!base.containsKey(c.key())) {
        rows.add(new Row(c.key(), "-", null, null, null, Verdict.NEW));
      }
    }
    return new Outcome(rows, warnings);
  }

  /** Nothing when the baseline has no value for the metric (0: not measured there), so nothing to compare with. */
  private static Optional<Row> row(Results.Entry b, Results.Entry c, String metric, Thresholds t) {
    Double base = Results.metric(b.stats(), metric);
    Double now = Results.metric(c.stats(), metric);
    if (base == null || base <= 0 || now == null) {
      return Optional.empty();
    }
    double change = (now - base) / base * 100;
    return Optional.of(new Row(b.key(), metric, base, now, change, verdict(metric, base, now, t)));
  }

  /** The verdict for one metric; see the class comment. */
  public static Verdict verdict(String metric, double base, double now, Thresholds t) {
    double change = (now - base) / base * 100;
    if (THROUGHPUT.contains(metric)) {
      if (-change > t.throughputDropPercent() + EPSILON) {
        return Verdict.REGRESSION;
      }
      return change > t.throughputDropPercent() + EPSILON ? Verdict.IMPROVED : Verdict.OK;
    }
    double delta = now - base;
    if (change > t.latencyRisePercent() + EPSILON && delta > t.latencyFloorUs()) {
      return Verdict.REGRESSION;
    }
    return -change > t.latencyRisePercent() + EPSILON && -delta > t.latencyFloorUs() ? Verdict.IMPROVED : Verdict.OK;
  }

  private static Map<String, Results.Entry> byKey(JsonObject result) {
    Map<String, Results.Entry> m = new LinkedHashMap<>();
    Results.entries(result).forEach(e -> m.put(e.key(), e));
    return m;
  }

  /** A warning when the two runs were on machines with different cores or CPU model. */
  static List<String> machineWarnings(JsonObject base, JsonObject cur) {
    if (Objects.equals(base.getValue("cores"), cur.getValue("cores"))
        && Objects.equals(base.getValue("cpuModel"), cur.getValue("cpuModel"))) {
      return List.of();
    }
    return List.of(String.format(Locale.ROOT,
        "warning: different machines (baseline: %s cores, %s; current: %s cores, %s): changes may come from the machine, not the code",
        base.getValue("cores"), base.getString("cpuModel", "CPU unknown"),
        cur.getValue("cores"), cur.getString("cpuModel", "CPU unknown")));
  }

  /** The table printed by {@code compare}, then the warnings and a one-line summary. */
  public static String table(Outcome o, Thresholds t) {
    int width = 30;
    for (Row r : o.rows()) {
      width = Math.max(width, r.key().length() + 1);
    }
    String fmt = "%-" + width + "s %-15s %12s %12s %9s  %s%n";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt,
        "scenario | target | framing | measure", "metric", "baseline", "current", "change", "verdict"));
    for (Row r : o.rows()) {
      sb.append(String.format(Locale.ROOT, fmt, r.key(), r.metric(), value(r.metric(), r.baseline()),
          value(r.metric(), r.current()),
          r.changePercent() == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", r.changePercent()),
          r.verdict().text));
    }
    o.warnings().forEach(w -> sb.append(w).append('\n'));
    Map<Verdict, Integer> c = o.counts();
    sb.append(String.format(Locale.ROOT,
        "%d ok, %d REGRESSION, %d improved, %d missing, %d new (thresholds: throughput drop > %s%%, latency rise > %s%%"
            + " and > %s us)%n",
        c.getOrDefault(Verdict.OK, 0), c.getOrDefault(Verdict.REGRESSION, 0), c.getOrDefault(Verdict.IMPROVED, 0),
        c.getOrDefault(Verdict.MISSING, 0), c.getOrDefault(Verdict.NEW, 0),
        ConsoleReport.number(t.throughputDropPercent()), ConsoleReport.number(t.latencyRisePercent()),
        ConsoleReport.number(t.latencyFloorUs())));
    return sb.toString();
  }

  private static String value(String metric, Double v) {
    if (v == null) {
      return "-";
    }
    if (metric.equals("bytesPerSecond")) {
      return ConsoleReport.bytes(v);
    }
    return LATENCY.contains(metric) ? String.format(Locale.ROOT, "%.0f us", v) : String.format(Locale.ROOT, "%.1f/s", v);
  }
}
