package io.switchboard.load.suite;

import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Switchboard beside each peer, per scenario and measure, for the key figures: rate ({@code ratePerSecond}) and
 * tail latency ({@code p99}, µs). One entry per (scenario, measure, metric) that Switchboard and at least one peer
 * both measured:
 * <pre>{scenario, measure, metric: "ratePerSecond"|"p99", values: {target: number},
 *  ratioToSwitchboard: {target: value / Switchboard's value}}</pre>
 * A ratio above 1 is a higher rate (better) or a higher p99 (worse) than Switchboard's. A measure with no successful
 * sample, or a zero Switchboard value, gets no ratio (division by zero is not a finding).
 */
public final class Comparisons {

  public static final String SWITCHBOARD = "switchboard";
  public static final List<String> METRICS = List.of("ratePerSecond", "p99");

  private Comparisons() {
  }

  /** One result of a scenario against a target. */
  public record Run(String target, ScenarioResult result) {
  }

  public static JsonArray compute(List<Run> runs) {
    // scenario -> measure -> target -> stats, in the order they ran
    Map<String, Map<String, Map<String, Stats>>> table = new LinkedHashMap<>();
    for (Run run : runs) {
      for (Stats s : run.result().stats()) {
        table.computeIfAbsent(run.result().name(), k -> new LinkedHashMap<>())
            .computeIfAbsent(s.name(), k -> new LinkedHashMap<>())
            .put(run.target(), s);
      }
    }
    JsonArray out = new JsonArray();
    table.forEach((scenario, measures) -> measures.forEach((measure, byTarget) -> {
      if (!byTarget.containsKey(SWITCHBOARD) || byTarget.size() < 2) {
        return;
      }
      for (String metric : METRICS) {
        JsonObject values = new JsonObject();
        byTarget.forEach((target, s) -> {
          if (s.count() > 0) {
            values.put(target, value(s, metric));
          }
        });
        Double base = values.getDouble(SWITCHBOARD);
        if (base == null || values.size() < 2) {
          continue;
        }
        JsonObject ratios = new JsonObject();
        if (base > 0) {
          values.forEach(e -> ratios.put(e.getKey(), Stats.round(((Number) e.getValue()).doubleValue() / base, 3)));
        }
        out.add(new JsonObject().put("scenario", scenario).put("measure", measure).put("metric", metric)
            .put("values", values).put("ratioToSwitchboard", ratios));
      }
    }));
    return out;
  }

  static double value(Stats s, String metric) {
    return switch (metric) {
      case "ratePerSecond" -> Stats.round(s.rate(), 1);
      case "p99" -> s.percentile(99);
      default -> throw new IllegalArgumentException("unknown metric " + metric);
    };
  }

  /** The console table: one row per comparison, one "value (×ratio)" column per target. */
  public static String table(JsonArray comparisons) {
    List<String> targets = new ArrayList<>();
    comparisons.forEach(c -> ((JsonObject) c).getJsonObject("values").fieldNames().forEach(t -> {
      if (!targets.contains(t)) {
        targets.add(t);
      }
    }));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-44s", "scenario / measure / metric"));
    targets.forEach(t -> sb.append(String.format(Locale.ROOT, " %20s", t)));
    sb.append('\n');
    for (Object o : comparisons) {
      JsonObject c = (JsonObject) o;
      String metric = c.getString("metric").equals("p99") ? "p99 us" : "rate/s";
      sb.append(String.format(Locale.ROOT, "%-44s", c.getString("scenario") + " / " + c.getString("measure") + " / " + metric));
      for (String t : targets) {
        Number v = (Number) c.getJsonObject("values").getValue(t);
        Number r = (Number) c.getJsonObject("ratioToSwitchboard").getValue(t);
        String cell = v == null ? "-" : String.format(Locale.ROOT, "%.0f", v.doubleValue())
            + (r == null || t.equals(SWITCHBOARD) ? "" : String.format(Locale.ROOT, " (x%.2f)", r.doubleValue()));
        sb.append(String.format(Locale.ROOT, " %20s", cell));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
