package io.switchboard.load.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.switchboard.load.report.Html.esc;

/**
 * One self-contained HTML page from a result file: machine and settings, Switchboard vs peers (table and bars), then
 * per scenario its runs, a table, latency by percentile, count per second over time, and error samples. No script,
 * no external font, style sheet or image: it opens offline. Every text taken from the result is escaped.
 */
public final class HtmlReport {

  private static final String STYLE = String.join("",
      "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1100px;",
      "padding:0 16px;color:#222}h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;",
      "padding-bottom:2px;margin-top:28px}h3{font-size:15px}table{border-collapse:collapse;margin:6px 0 12px}",
      "td,th{border:1px solid #ddd;padding:2px 8px;text-align:right;white-space:nowrap}",
      "th{background:#f4f4f4}td.l,th.l{text-align:left;white-space:normal}",
      ".kv td{text-align:left}.kv td:first-child{color:#555}.chart{display:block;margin:6px 0 14px}",
      ".chart text{font-size:12px;fill:#222}.chart .tick{font-size:11px;fill:#555}",
      ".bad{color:#b00020;font-weight:bold}.note{color:#555;font-size:13px}",
      "ul.errors{font-family:ui-monospace,monospace;font-size:12px;color:#b00020}code{font-size:12px}");

  private HtmlReport() {
  }

  public static String render(JsonObject result) {
    List<Results.Entry> entries = Results.entries(result);
    Colors colors = new Colors();
    entries.forEach(e -> colors.of(e.target()));
    Map<String, List<Results.Entry>> byScenario = new LinkedHashMap<>();
    entries.forEach(e -> byScenario.computeIfAbsent(e.scenario(), k -> new ArrayList<>()).add(e));

    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Switchboard load report ").append(esc(result.getString("startedAt", ""))).append("</title>")
        .append("<style>").append(STYLE).append("</style></head>\n<body>\n");
    sb.append("<h1>Switchboard load report</h1>\n<p>")
        .append(result.getString("kind", "").equals("baseline") ? "<b>Baseline</b> (no chart data). " : "")
        .append("Started ").append(esc(result.getString("startedAt", "?")))
        .append(String.format(Locale.ROOT, ", took %.1f s, ", result.getDouble("seconds", 0.0)));
    long errors = result.getLong("errors", 0L);
    sb.append(errors > 0 ? "<span class=\"bad\">" + errors + " errors</span>" : "0 errors")
        .append(". Latencies in microseconds; <b>CO</b>: corrected for coordinated omission (a fixed send rate).</p>\n");
    errorsByRun(sb, byScenario);
    toc(sb, byScenario, result.getJsonArray("comparisons"));
    sb.append("<h2 id=\"machine\">Machine</h2>\n").append(kv(result.getJsonObject("machine", new JsonObject())));
    sb.append("<h2 id=\"settings\">Settings</h2>\n").append(kv(result.getJsonObject("settings", new JsonObject())));
    comparisons(sb, result.getJsonArray("comparisons"), colors);
    int n = 0;
    for (Map.Entry<String, List<Results.Entry>> g : byScenario.entrySet()) {
      scenario(sb, "s" + (++n), g.getKey(), g.getValue(), colors);
    }
    return sb.append("</body></html>\n").toString();
  }

  /** At the top, so errors are not missed: which runs had how many, linked to their section. */
  private static void errorsByRun(StringBuilder sb, Map<String, List<Results.Entry>> byScenario) {
    List<String> parts = new ArrayList<>();
    int n = 0;
    for (List<Results.Entry> entries : byScenario.values()) {
      n++;
      List<JsonObject> seen = new ArrayList<>();
      for (Results.Entry e : entries) {
        JsonObject run = e.scenarioJson();
        if (seen.stream().noneMatch(r -> r == run) && run.getLong("errors", 0L) > 0) {
          seen.add(run);
          String label = e.targetLabel().isEmpty() ? e.scenario() : e.scenario() + " (" + e.targetLabel() + ")";
          parts.add("<a href=\"#s" + n + "\">" + esc(label) + "</a>: " + run.getLong("errors", 0L));
        }
      }
    }
    if (!parts.isEmpty()) {
      sb.append("<p class=\"bad\">Errors in ").append(String.join(", ", parts))
          .append(" (samples in each section).</p>\n");
    }
  }

  private static void toc(StringBuilder sb, Map<String, List<Results.Entry>> byScenario, JsonArray comparisons) {
    sb.append("<p>");
    sb.append("<a href=\"#machine\">Machine</a> · <a href=\"#settings\">Settings</a>");
    if (comparisons != null && !comparisons.isEmpty()) {
      sb.append(" · <a href=\"#comparisons\">Switchboard vs peers</a>");
    }
    int n = 0;
    for (String name : byScenario.keySet()) {
      sb.append(" · <a href=\"#s").append(++n).append("\">").append(esc(name)).append("</a>");
    }
    sb.append("</p>\n");
  }

  private static String kv(JsonObject o) {
    StringBuilder sb = new StringBuilder("<table class=\"kv\">");
    o.forEach(e -> {
      Object v = e.getValue();
      String text = v instanceof String s ? s : String.valueOf(v);
      if (e.getKey().endsWith("Bytes") && v instanceof Number n) {
        text += String.format(Locale.ROOT, " (%d MiB)", n.longValue() / (1024 * 1024));
      }
      sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(text)).append("</td></tr>");
    });
    return sb.append("</table>\n").toString();
  }

  private static void comparisons(StringBuilder sb, JsonArray comparisons, Colors colors) {
    if (comparisons == null || comparisons.isEmpty()) {
      return;
    }
    sb.append("<h2 id=\"comparisons\">Switchboard vs peers</h2>\n")
        .append("<p class=\"note\">Same client, same message shapes, same run. Ratio: the value's ratio to Switchboard")
        .append(" as recorded by the suite.</p>\n");
    for (int i = 0; i < comparisons.size(); i++) {
      JsonObject c = comparisons.getJsonObject(i);
      String metric = c.getString("metric", "?");
      JsonObject values = c.getJsonObject("values", new JsonObject());
      JsonObject ratios = c.getJsonObject("ratioToSwitchboard", new JsonObject());
      sb.append("<h3>").append(esc(c.getString("scenario", "?"))).append(" · ").append(esc(c.getString("measure", "?")))
          .append(" · ").append(esc(metric)).append(metric.startsWith("p") ? " (lower is better)" : " (higher is better)")
          .append("</h3>\n");
      List<Svg.Bar> bars = new ArrayList<>();
      for (String t : values.fieldNames()) {
        if (!(values.getValue(t) instanceof Number v)) {
          continue;
        }
        String text = (metric.startsWith("p") ? Svg.micros(v.doubleValue()) : ConsoleReport.number(v.doubleValue()) + "/s")
            + (ratios.getValue(t) instanceof Number r ? String.format(Locale.ROOT, "  (%.2fx)", r.doubleValue()) : "");
        bars.add(new Svg.Bar(t, v.doubleValue(), text, colors.of(t), t.toLowerCase(Locale.ROOT).contains("switchboard")));
      }
      sb.append(Svg.bars(bars)).append('\n');
    }
  }

  private static void scenario(StringBuilder sb, String id, String name, List<Results.Entry> entries, Colors colors) {
    sb.append("<h2 id=\"").append(id).append("\">").append(esc(name)).append("</h2>\n");
    // the runs of this scenario (one per target/framing): settings, truncation, errors
    List<JsonObject> runs = new ArrayList<>();
    entries.forEach(e -> {
      if (runs.stream().noneMatch(r -> r == e.scenarioJson())) {
        runs.add(e.scenarioJson());
      }
    });
    sb.append("<table><tr><th class=\"l\">run</th><th class=\"l\">settings</th><th>truncated</th><th>errors</th></tr>");
    for (JsonObject run : runs) {
      JsonObject settings = run.getJsonObject("settings", new JsonObject()).copy();
      String label = runLabel(settings);
      settings.remove("target");
      settings.remove("framing");
      long errors = run.getLong("errors", 0L);
      sb.append("<tr><td class=\"l\">").append(esc(label)).append("</td><td class=\"l\"><code>")
          .append(esc(pairs(settings))).append("</code></td><td>")
          .append(run.getBoolean("truncated", false) ? "<span class=\"bad\">yes</span>" : "no").append("</td><td>")
          .append(errors > 0 ? "<span class=\"bad\">" + errors + "</span>" : "0").append("</td></tr>");
    }
    sb.append("</table>\n");
    measures(sb, entries);
    latencyChart(sb, entries, colors);
    timelineChart(sb, entries, colors);
    for (JsonObject run : runs) {
      JsonArray samples = run.getJsonArray("errorSamples", new JsonArray());
      if (!samples.isEmpty()) {
        sb.append("<h3>Error samples").append(runs.size() > 1 ? " · " + esc(runLabel(run.getJsonObject("settings",
            new JsonObject()))) : "").append(" (").append(samples.size()).append(" of ")
            .append(run.getLong("errors", 0L)).append(")</h3>\n<ul class=\"errors\">");
        samples.forEach(s -> sb.append("<li>").append(esc(s)).append("</li>"));
        sb.append("</ul>\n");
      }
    }
  }

  /** {@code k=v, k=v}: wraps in a narrow window where a JSON string would not. */
  private static String pairs(JsonObject o) {
    List<String> parts = new ArrayList<>();
    o.forEach(e -> parts.add(e.getKey() + "=" + (e.getValue() instanceof String s ? s : String.valueOf(e.getValue()))));
    return String.join(", ", parts);
  }

  private static String runLabel(JsonObject settings) {
    String t = settings.getValue("target") == null ? "" : String.valueOf(settings.getValue("target"));
    String f = settings.getValue("framing") == null ? "" : String.valueOf(settings.getValue("framing"));
    return t.isEmpty() && f.isEmpty() ? "(default target)" : f.isEmpty() ? t : t + "/" + f;
  }

  private static void measures(StringBuilder sb, List<Results.Entry> entries) {
    sb.append("<table><tr><th class=\"l\">target · measure</th><th>count</th><th>rate/s</th><th>bytes/s</th>")
        .append("<th>errors</th><th>p50</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th>")
        .append("<th class=\"l\">flags</th></tr>");
    for (Results.Entry e : entries) {
      JsonObject s = e.stats();
      JsonObject lat = s.getJsonObject("latency", new JsonObject());
      List<String> flags = new ArrayList<>();
      if (s.getBoolean("coordinatedOmissionCorrected", false)) {
        JsonObject raw = s.getJsonObject("latencyUncorrected", new JsonObject());
        flags.add("CO (uncorrected p99 " + raw.getValue("p99", "?") + ")");
      }
      if (e.scenarioJson().getBoolean("truncated", false)) {
        flags.add("truncated");
      }
      long errors = s.getLong("errors", 0L);
      String label = e.targetLabel().isEmpty() ? e.measure() : e.targetLabel() + " · " + e.measure();
      sb.append("<tr><td class=\"l\">").append(esc(label)).append("</td>")
          .append(td(s.getLong("count", 0L))).append(td(String.format(Locale.ROOT, "%.1f", s.getDouble("ratePerSecond", 0.0))))
          .append(td(ConsoleReport.bytes(s.getDouble("bytesPerSecond", 0.0))))
          .append(errors > 0 ? "<td class=\"bad\">" + errors + "</td>" : td(0))
          .append(td(lat.getValue("p50", 0))).append(td(lat.getValue("p95", 0))).append(td(lat.getValue("p99", 0)))
          .append(td(lat.getValue("p99_9", 0))).append(td(lat.getValue("max", 0)))
          .append("<td class=\"l\">").append(esc(String.join(", ", flags))).append("</td></tr>");
    }
    sb.append("</table>\n");
  }

  private static String td(Object v) {
    return "<td>" + esc(v) + "</td>";
  }

  /** One line per target/framing and measure; the dash tells measures (and framings) of one target apart. */
  private static void latencyChart(StringBuilder sb, List<Results.Entry> entries, Colors colors) {
    List<Svg.Series> series = new ArrayList<>();
    Map<String, Integer> dashes = new LinkedHashMap<>();
    for (Results.Entry e : entries) {
      JsonArray d = e.stats().getJsonArray("distribution", new JsonArray());
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < d.size(); i++) {
        JsonObject p = d.getJsonObject(i);
        pts.add(new double[] {p.getDouble("percentile", 0.0), p.getDouble("us", 0.0)});
      }
      if (pts.isEmpty()) {
        continue;
      }
      int dash = dashes.computeIfAbsent(e.framing() + "|" + e.measure(), k -> dashes.size()) % Svg.DASHES.length;
      String label = e.targetLabel().isEmpty() ? e.measure() : e.targetLabel() + " · " + e.measure();
      series.add(new Svg.Series(label, colors.of(e.target()), Svg.DASHES[dash], pts));
    }
    String svg = Svg.latency(series);
    if (!svg.isEmpty()) {
      sb.append("<h3>Latency by percentile</h3>\n").append(svg).append('\n');
    }
  }

  /** Per run, the first measure that has a timeline: one line per target/framing. */
  private static void timelineChart(StringBuilder sb, List<Results.Entry> entries, Colors colors) {
    List<Svg.Series> series = new ArrayList<>();
    List<JsonObject> done = new ArrayList<>();
    for (Results.Entry e : entries) {
      JsonArray t = e.stats().getJsonArray("timeline", new JsonArray());
      if (t.isEmpty() || done.stream().anyMatch(r -> r == e.scenarioJson())) {
        continue;
      }
      done.add(e.scenarioJson());
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < t.size(); i++) {
        pts.add(new double[] {i, t.getJsonObject(i).getLong("count", 0L)});
      }
      String label = e.targetLabel().isEmpty() ? e.measure() : e.targetLabel() + " · " + e.measure();
      series.add(new Svg.Series(label, colors.of(e.target()), "", pts));
    }
    String svg = Svg.timeline(series);
    if (!svg.isEmpty()) {
      sb.append("<h3>Throughput over time</h3>\n<p class=\"note\">Measurements completed in each second since the")
          .append(" measure started; the last second is partial.</p>\n").append(svg).append('\n');
    }
  }

  /** One color per target name, in order of first appearance, the same in every chart. */
  private static final class Colors {
    private final Map<String, String> byTarget = new LinkedHashMap<>();

    String of(String target) {
      return byTarget.computeIfAbsent(target, t -> Svg.COLORS[byTarget.size() % Svg.COLORS.length]);
    }
  }
}
