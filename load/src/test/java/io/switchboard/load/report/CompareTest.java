package io.switchboard.load.report;

import io.switchboard.load.report.Compare.Thresholds;
import io.switchboard.load.report.Compare.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.switchboard.load.report.Compare.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareTest {

  private static final Thresholds T = Thresholds.DEFAULT;

  @Test
  void throughputDropOfExactlyTenPercentIsOkAndMoreFlags() {
    for (String metric : Compare.THROUGHPUT) {
      assertEquals(Verdict.OK, verdict(metric, 1000, 900, T));
      assertEquals(Verdict.REGRESSION, verdict(metric, 1000, 899, T)); // 10.1 %
      assertEquals(Verdict.OK, verdict(metric, 3333.3, 2999.97, T));   // 10 % of a value with no exact binary form
      assertEquals(Verdict.OK, verdict(metric, 1000, 1100, T));
      assertEquals(Verdict.IMPROVED, verdict(metric, 1000, 1101, T));
    }
  }

  @Test
  void latencyRiseOfExactlyTwentyPercentIsOkAndMoreFlags() {
    for (String metric : Compare.LATENCY) {
      assertEquals(Verdict.OK, verdict(metric, 1000, 1200, T));
      assertEquals(Verdict.REGRESSION, verdict(metric, 1000, 1201, T)); // 20.1 %
      assertEquals(Verdict.OK, verdict(metric, 1000, 800, T));
      assertEquals(Verdict.IMPROVED, verdict(metric, 1000, 799, T));
    }
  }

  @Test
  void latencyFloorIgnoresSmallAbsoluteChanges() {
    Thresholds floor = new Thresholds(10, 20, 200);
    assertEquals(Verdict.OK, verdict("p99", 100, 300, floor), "+200 us is not above the floor");
    assertEquals(Verdict.REGRESSION, verdict("p99", 100, 301, floor));
    assertEquals(Verdict.OK, verdict("p50", 300, 100, floor));
    assertEquals(Verdict.REGRESSION, verdict("p50", 100, 301, T), "no floor by default");
  }

  @Test
  void matchesByScenarioTargetFramingAndMeasure() {
    JsonObject base = result(2, "AMD",
        scenario("ping", "switchboard", "json", measure("ping->pong", 1000, 0, 100, 200)),
        scenario("ping", "ws-relay", "json", measure("ping->pong", 2000, 0, 50, 100)));
    JsonObject cur = result(2, "AMD",
        scenario("ping", "switchboard", "json", measure("ping->pong", 800, 0, 100, 200)),
        scenario("ping", "switchboard", "msgpack", measure("ping->pong", 1000, 0, 100, 200)));
    Compare.Outcome o = Compare.compare(base, cur, T);
    assertEquals(List.of(
        "ping | switchboard | json | ping->pong ratePerSecond REGRESSION",
        "ping | switchboard | json | ping->pong p50 ok",
        "ping | switchboard | json | ping->pong p99 ok",
        "ping | ws-relay | json | ping->pong - missing",
        "ping | switchboard | msgpack | ping->pong - new"), lines(o));
    assertEquals(1, o.exitCode());
    assertTrue(o.warnings().isEmpty(), o.warnings().toString());
  }

  @Test
  void missingAndNewAloneDoNotFail() {
    JsonObject base = result(2, "AMD", scenario("a", "t", "json", measure("m", 10, 0, 1, 1)));
    JsonObject cur = result(2, "AMD", scenario("b", "t", "json", measure("m", 10, 0, 1, 1)));
    Compare.Outcome o = Compare.compare(base, cur, T);
    assertEquals(List.of("a | t | json | m - missing", "b | t | json | m - new"), lines(o));
    assertEquals(0, o.exitCode());
  }

  @Test
  void bytesPerSecondIsComparedWhereTheBaselineCountedBytes() {
    JsonObject base = result(2, "AMD", scenario("s", "t", "json", measure("m", 100, 1_000_000, 10, 20)));
    JsonObject cur = result(2, "AMD", scenario("s", "t", "json", measure("m", 100, 850_000, 10, 20)));
    assertEquals(List.of("s | t | json | m ratePerSecond ok", "s | t | json | m bytesPerSecond REGRESSION",
        "s | t | json | m p50 ok", "s | t | json | m p99 ok"), lines(Compare.compare(base, cur, T)));
  }

  @Test
  void repeatedKeysAreNumberedInFileOrder() {
    JsonObject r = result(2, "AMD", scenario("sizes", "t", "json", measure("m", 1, 0, 1, 1)),
        scenario("sizes", "t", "json", measure("m", 2, 0, 1, 1)));
    List<Results.Entry> e = Results.entries(r);
    assertEquals("sizes | t | json | m", e.get(0).key());
    assertEquals("sizes | t | json | m #2", e.get(1).key());
  }

  @Test
  void differentMachinesWarn() {
    JsonObject base = result(2, "AMD EPYC", scenario("s", "t", "json", measure("m", 1, 0, 1, 1)));
    JsonObject cur = result(4, "AMD EPYC", scenario("s", "t", "json", measure("m", 1, 0, 1, 1)));
    Compare.Outcome o = Compare.compare(base, cur, T);
    assertEquals(1, o.warnings().size());
    assertTrue(o.warnings().get(0).startsWith("warning: different machines (baseline: 2 cores"), o.warnings().get(0));
    assertEquals(0, o.exitCode(), "a warning is not a regression");
    String table = Compare.table(o, T);
    assertTrue(table.contains("warning: different machines"), table);
    assertTrue(table.contains("3 ok, 0 REGRESSION"), table);
  }

  private static List<String> lines(Compare.Outcome o) {
    return o.rows().stream().map(r -> r.key() + " " + r.metric() + " " + r.verdict().text).toList();
  }

  static JsonObject result(int cores, String cpu, JsonObject... scenarios) {
    return new JsonObject().put("tool", "switchboard-load").put("formatVersion", 2)
        .put("startedAt", "2026-01-01T00:00:00Z").put("seconds", 1.0).put("errors", 0)
        .put("machine", new JsonObject().put("cores", cores).put("cpuModel", cpu))
        .put("settings", new JsonObject()).put("scenarios", new JsonArray(List.of((Object[]) scenarios)));
  }

  static JsonObject scenario(String name, String target, String framing, JsonObject... measures) {
    return new JsonObject().put("name", name)
        .put("settings", new JsonObject().put("target", target).put("framing", framing))
        .put("truncated", false).put("errors", 0).put("results", new JsonArray(List.of((Object[]) measures)))
        .put("errorSamples", new JsonArray());
  }

  static JsonObject measure(String name, double rate, double bytesPerSecond, long p50, long p99) {
    return new JsonObject().put("name", name).put("count", 100).put("errors", 0).put("ratePerSecond", rate)
        .put("bytesPerSecond", bytesPerSecond)
        .put("latency", new JsonObject().put("p50", p50).put("p95", p99).put("p99", p99));
  }
}
