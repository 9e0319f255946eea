package io.switchboard.load.report;

import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

  private static final String EVIL = "<script>alert('x')</script>";

  /** A format-2 result with two targets of one scenario, an error sample with markup, and a comparison. */
  static JsonObject synthetic() {
    ScenarioResult sb = run("switchboard", 100);
    ScenarioResult peer = run("ws-relay \"<b>\"", 50);
    peer.errorSample(EVIL);
    peer.stats().get(0).error();
    JsonArray comparisons = new JsonArray().add(new JsonObject().put("scenario", "ping").put("measure", "ping->pong")
        .put("metric", "ratePerSecond")
        .put("values", new JsonObject().put("switchboard", 1000.0).put("ws-relay \"<b>\"", 2000.0))
        .put("ratioToSwitchboard", new JsonObject().put("switchboard", 1.0).put("ws-relay \"<b>\"", 2.0)));
    return Report.toJson(Report.machine(), new JsonObject().put("url", "http://127.0.0.1:8080"),
        Instant.parse("2026-01-01T00:00:00Z"), 3.2, List.of(sb, peer), comparisons);
  }

  private static ScenarioResult run(String target, int base) {
    ScenarioResult r = new ScenarioResult("ping", new JsonObject().put("target", target).put("framing", "json"));
    Stats s = r.add(new Stats("ping->pong"));
    s.start();
    for (int i = 1; i <= 1000; i++) {
      s.recordMicros(base + i);
      s.bytes(64);
    }
    s.stop();
    return r;
  }

  @Test
  void aCompletePageWithChartsAndTables() {
    String html = HtmlReport.render(synthetic());
    assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
    assertTrue(html.strip().endsWith("</html>"));
    assertBalanced(html);
    // latency by percentile, throughput over time, and the Switchboard vs peers bars
    assertEquals(3, count(html, "<svg "), html);
    assertTrue(html.contains("Latency by percentile") && html.contains("Throughput over time")
        && html.contains("Switchboard vs peers"));
    assertEquals(2, count(html, "<polyline") - 2, "two latency lines, two timeline lines");
    assertTrue(html.contains("(2.00x)"), "the ratio is shown");
    assertTrue(html.contains("<h2 id=\"machine\">Machine</h2>") && html.contains("<h2 id=\"settings\">Settings</h2>"));
  }

  @Test
  void textFromTheResultIsEscaped() {
    String html = HtmlReport.render(synthetic());
    assertFalse(html.toLowerCase().contains("<script"), "no script element, and no injected one");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the error sample is shown, escaped");
    assertFalse(html.contains("<b>\""), "a target name with markup is escaped");
    assertTrue(html.contains("ws-relay &quot;&lt;b&gt;&quot;"));
  }

  @Test
  void nothingIsLoadedFromOutside() {
    String html = HtmlReport.render(synthetic()).toLowerCase();
    assertFalse(Pattern.compile("(src|href|xlink:href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html).find());
    assertFalse(html.contains("url("), "no CSS url()");
    assertFalse(html.contains("@import"));
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("<iframe") || html.contains("<img") || html.contains("<object"));
    Matcher hrefs = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (hrefs.find()) {
      assertTrue(hrefs.group(1).startsWith("#"), "only in-page links: " + hrefs.group(1));
    }
  }

  @Test
  void formatTwoRoundTripsThroughText() {
    JsonObject j = synthetic();
    JsonObject back = new JsonObject(j.encodePrettily());
    assertEquals(j, back);
    assertEquals(HtmlReport.render(j), HtmlReport.render(back));
    assertEquals(ConsoleReport.render(j), ConsoleReport.render(back));
    assertEquals(2, Results.entries(back).size());
    assertEquals("ping | switchboard | json | ping->pong", Results.entries(back).get(0).key());
    // a baseline drops only the chart data
    JsonObject b = Baseline.of(back);
    assertEquals("baseline", b.getString("kind"));
    JsonObject m = b.getJsonArray("scenarios").getJsonObject(0).getJsonArray("results").getJsonObject(0);
    assertFalse(m.containsKey("distribution") || m.containsKey("timeline"));
    assertEquals(0, Compare.compare(b, back, Compare.Thresholds.DEFAULT).exitCode());
    assertEquals(0, count(HtmlReport.render(b), "<polyline"), "a baseline renders without line charts");
  }

  @Test
  void consoleShowsComparisonsAndErrorSamples() {
    String text = ConsoleReport.render(synthetic());
    assertTrue(text.contains("Switchboard vs peers"), text);
    assertTrue(text.contains("2000 (2.00x)"), text);
    assertTrue(text.contains("ping (ws-relay \"<b>\") error: " + EVIL), text);
    assertTrue(text.contains("  switchboard/json · ping->pong"), text);
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** Every element opened is closed, in order; void and self-closed ones excepted. */
  private static void assertBalanced(String html) {
    Set<String> voids = Set.of("meta", "br", "hr", "img", "input");
    Matcher m = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)\\b[^>]*?(/?)>").matcher(html);
    Deque<String> open = new ArrayDeque<>();
    while (m.find()) {
      String tag = m.group(2).toLowerCase();
      if (!m.group(3).isEmpty() || voids.contains(tag)) {
        continue;
      }
      if (m.group(1).isEmpty()) {
        open.push(tag);
      } else {
        assertFalse(open.isEmpty(), "closing </" + tag + "> with nothing open");
        assertEquals(open.pop(), tag, "at offset " + m.start());
      }
    }
    assertTrue(open.isEmpty(), "unclosed: " + open);
  }
}
