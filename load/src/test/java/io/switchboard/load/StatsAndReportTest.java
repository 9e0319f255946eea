package io.switchboard.load;

import io.switchboard.load.report.Report;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsAndReportTest {

  /** 1..1000 µs once each: below 2048 a 3-digit HdrHistogram is exact. */
  private static Stats oneToThousand() {
    Stats s = new Stats("latency");
    for (int v = 1; v <= 1000; v++) {
      s.recordMicros(v);
    }
    s.window(2_000_000_000L); // 2 s
    return s;
  }

  @Test
  void percentilesOfAKnownHistogram() {
    Stats s = oneToThousand();
    assertEquals(1000, s.count());
    assertEquals(500, s.percentile(50));
    assertEquals(950, s.percentile(95));
    assertEquals(990, s.percentile(99));
    assertEquals(999, s.percentile(99.9));
    assertEquals(1000, s.max());
    assertEquals(500.0, s.rate(), 1e-9);
  }

  @Test
  void nanosAreRecordedAsMicrosAndClamped() {
    Stats s = new Stats("x");
    s.recordNanos(1_500);        // 1 µs
    s.recordNanos(10);           // below 1 µs: counted as 1 µs, not lost
    s.recordMicros(Stats.HIGHEST_US * 10); // beyond the range: clamped, not an exception
    assertEquals(3, s.count());
    assertEquals(1, s.percentile(50));
    assertTrue(s.max() >= Stats.HIGHEST_US);
  }

  @Test
  void emptyStatsReportZeros() {
    Stats s = new Stats("empty");
    s.error();
    JsonObject j = s.toJson();
    assertEquals(0L, j.getLong("count"));
    assertEquals(1L, j.getLong("errors"));
    assertEquals(0L, j.getJsonObject("latency").getLong("p99"));
    assertEquals(0.0, j.getDouble("ratePerSecond"));
  }

  @Test
  void coordinatedOmissionCorrectionFillsInTheSendsAStallDelayed() {
    Stats s = new Stats("fixed rate");
    // 99 sends at 1 ms intervals answered in 1 ms, then one answered after a 100 ms stall
    for (int i = 0; i < 99; i++) {
      s.recordNanos(1_000_000, 1_000_000);
    }
    s.recordNanos(100_000_000, 1_000_000);
    JsonObject j = s.toJson();
    assertTrue(j.getBoolean("coordinatedOmissionCorrected"));
    // uncorrected: 99 % of samples at 1 ms; corrected: the ~99 sends the stall held back are counted too
    assertEquals(1000L, j.getJsonObject("latencyUncorrected").getLong("p95"), 10);
    assertEquals(100L, j.getLong("count"), "count and rate: the measurements actually taken");
    assertTrue(j.getLong("correctedCount") > 190, "corrected count " + j.getLong("correctedCount"));
    assertEquals(100L, s.count());
    assertTrue(j.getJsonObject("latency").getLong("p95") > 50_000, j.encode());
  }

  @Test
  void timelineCountsPerSecondAndBytes() {
    Stats s = new Stats("t");
    s.start();
    s.recordMicros(5);
    s.recordMicros(6);
    s.bytes(100);
    JsonObject j = s.toJson();
    assertEquals(100L, j.getLong("bytes"));
    JsonArray t = j.getJsonArray("timeline");
    assertEquals(1, t.size());
    assertEquals(2L, t.getJsonObject(0).getLong("count"));
    assertEquals(100L, t.getJsonObject(0).getLong("bytes"));
  }

  @Test
  void statsJsonShape() {
    JsonObject j = oneToThousand().toJson();
    assertEquals(Set.of("name", "count", "errors", "seconds", "ratePerSecond", "bytes", "bytesPerSecond", "unit",
        "coordinatedOmissionCorrected", "latency", "distribution", "timeline"), j.fieldNames());
    assertFalse(j.getBoolean("coordinatedOmissionCorrected"));
    assertEquals(19, j.getJsonArray("distribution").size());
    assertEquals("us", j.getString("unit"));
    assertEquals(2.0, j.getDouble("seconds"));
    assertEquals(500.0, j.getDouble("ratePerSecond"));
    JsonObject lat = j.getJsonObject("latency");
    assertEquals(Set.of("min", "mean", "p50", "p95", "p99", "p99_9", "max"), lat.fieldNames());
    assertEquals(1L, lat.getLong("min"));
    assertEquals(500.5, lat.getDouble("mean"), 0.6);
    assertEquals(500L, lat.getLong("p50"));
    assertEquals(999L, lat.getLong("p99_9"));
    assertEquals(1000L, lat.getLong("max"));
  }

  @Test
  void reportJsonShape() {
    ScenarioResult r = new ScenarioResult("ping", new JsonObject().put("pings", 1000));
    r.add(oneToThousand());
    Stats failing = r.add(new Stats("other"));
    failing.errors(3);
    for (int i = 0; i < ScenarioResult.MAX_ERROR_SAMPLES + 5; i++) {
      r.errorSample("e" + i);
    }
    JsonObject machine = Report.machine();
    JsonObject settings = Options.parse("ping", "--quick").toJson();
    JsonObject j = Report.toJson(machine, settings, Instant.parse("2026-01-01T00:00:00Z"), 1.23456, List.of(r));

    assertEquals("switchboard-load", j.getString("tool"));
    assertEquals(2, j.getInteger("formatVersion"));
    assertFalse(j.containsKey("comparisons"), "no comparisons unless the suite recorded some");
    assertEquals("2026-01-01T00:00:00Z", j.getString("startedAt"));
    assertEquals(1.235, j.getDouble("seconds"));
    assertEquals(3L, j.getLong("errors"));
    JsonObject m = j.getJsonObject("machine");
    assertEquals(Runtime.getRuntime().availableProcessors(), m.getInteger("cores"));
    assertTrue(m.getLong("maxMemoryBytes") > 0);
    assertFalse(m.getJsonObject("jvm").getString("version").isEmpty());
    assertFalse(m.getJsonObject("os").getString("name").isEmpty());
    if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/loadavg"))) { // Linux: the /proc details
      assertTrue(m.getLong("totalMemoryBytes") > 0);
      assertEquals(3, m.getJsonArray("loadAverageStart").size());
      assertEquals(3, m.getJsonArray("loadAverageEnd").size(), "toJson adds the load at the end of the run");
    }
    assertEquals(true, j.getJsonObject("settings").getBoolean("quick"));
    assertEquals("dev token fetched from the node", j.getJsonObject("settings").getString("token"));

    JsonArray scenarios = j.getJsonArray("scenarios");
    assertEquals(1, scenarios.size());
    JsonObject sc = scenarios.getJsonObject(0);
    assertEquals("ping", sc.getString("name"));
    assertEquals(1000, sc.getJsonObject("settings").getInteger("pings"));
    assertEquals(3L, sc.getLong("errors"));
    assertEquals(false, sc.getBoolean("truncated"));
    assertEquals(2, sc.getJsonArray("results").size());
    assertEquals(500L, sc.getJsonArray("results").getJsonObject(0).getJsonObject("latency").getLong("p50"));
    assertEquals(ScenarioResult.MAX_ERROR_SAMPLES, sc.getJsonArray("errorSamples").size());
    // round trip through text: what --out writes parses back
    assertEquals(j, new JsonObject(j.encodePrettily()));
  }

  @Test
  void reportJsonCarriesComparisonsWhenGiven() {
    JsonArray comparisons = new JsonArray().add(new JsonObject().put("scenario", "ping").put("measure", "ping->pong")
        .put("metric", "p99").put("values", new JsonObject().put("switchboard", 100).put("ws-relay", 50))
        .put("ratioToSwitchboard", new JsonObject().put("ws-relay", 0.5)));
    JsonObject j = Report.toJson(Report.machine(), new JsonObject(), Instant.EPOCH, 1, List.of(), comparisons);
    assertEquals(comparisons, j.getJsonArray("comparisons"));
  }

  @Test
  void tableHasAHeaderAGroupLineAndOneRowPerMeasure() {
    ScenarioResult r = new ScenarioResult("ping", new JsonObject().put("target", "switchboard").put("framing", "json"));
    r.add(oneToThousand());
    String[] lines = Report.table(List.of(r)).split("\n");
    assertEquals(3, lines.length);
    assertTrue(lines[0].contains("p99.9 us") && lines[0].contains("bytes/s"), lines[0]);
    assertEquals("ping", lines[1]);
    assertTrue(lines[2].startsWith("  switchboard/json · latency"), lines[2]);
    assertTrue(lines[2].matches(".*\\s1000\\s+500\\.0\\s+-\\s+0\\s+500\\s+950\\s+990\\s+999\\s+1000$"), lines[2]);
  }

  @Test
  void tableFlagsCorrectedAndTruncatedMeasures() {
    ScenarioResult r = new ScenarioResult("fanout", new JsonObject());
    Stats s = r.add(new Stats("publish->deliver"));
    s.recordNanos(1_000_000, 1_000_000);
    s.bytes(2_500_000);
    s.window(1_000_000_000L);
    r.truncated(true);
    String row = Report.table(List.of(r)).split("\n")[2];
    assertTrue(row.startsWith("  publish->deliver"), row);
    assertTrue(row.contains(" 2.5M "), row);
    assertTrue(row.endsWith("CO truncated"), row);
  }
}
