package io.switchboard.load.suite;

import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonsTest {

  /** count samples of micros µs over the given seconds. */
  private static Comparisons.Run run(String target, String scenario, long micros, int count, double seconds) {
    ScenarioResult r = new ScenarioResult(scenario, new JsonObject().put("target", target));
    Stats s = r.add(new Stats("m"));
    for (int i = 0; i < count; i++) {
      s.recordMicros(micros);
    }
    s.window((long) (seconds * 1e9));
    return new Comparisons.Run(target, r);
  }

  @Test
  void ratiosAreThePeersValueOverSwitchboards() {
    JsonArray c = Comparisons.compute(List.of(
        run("switchboard", "ping", 100, 1000, 1), run("vertx-relay", "ping", 50, 1000, 0.5), run("node-ws", "ping", 200, 1000, 4)));
    assertEquals(2, c.size());
    JsonObject rate = c.getJsonObject(0);
    assertEquals(Set.of("scenario", "measure", "metric", "values", "ratioToSwitchboard"), rate.fieldNames());
    assertEquals("ping", rate.getString("scenario"));
    assertEquals("m", rate.getString("measure"));
    assertEquals("ratePerSecond", rate.getString("metric"));
    assertEquals(1000.0, rate.getJsonObject("values").getDouble("switchboard"));
    assertEquals(2000.0, rate.getJsonObject("values").getDouble("vertx-relay"));
    assertEquals(1.0, rate.getJsonObject("ratioToSwitchboard").getDouble("switchboard"));
    assertEquals(2.0, rate.getJsonObject("ratioToSwitchboard").getDouble("vertx-relay"));
    assertEquals(0.25, rate.getJsonObject("ratioToSwitchboard").getDouble("node-ws"));
    JsonObject p99 = c.getJsonObject(1);
    assertEquals("p99", p99.getString("metric"));
    assertEquals(0.5, p99.getJsonObject("ratioToSwitchboard").getDouble("vertx-relay"));
    assertEquals(2.0, p99.getJsonObject("ratioToSwitchboard").getDouble("node-ws"));
  }

  @Test
  void nothingToCompareWithoutSwitchboardOrWithoutAPeer() {
    assertTrue(Comparisons.compute(List.of(run("vertx-relay", "ping", 1, 10, 1), run("node-ws", "ping", 1, 10, 1))).isEmpty());
    assertTrue(Comparisons.compute(List.of(run("switchboard", "ping", 1, 10, 1), run("node-ws", "fanout", 1, 10, 1))).isEmpty());
  }

  @Test
  void emptyMeasuresAndZeroBasesGiveNoRatio() {
    JsonArray c = Comparisons.compute(List.of(run("switchboard", "ping", 100, 0, 1), run("node-ws", "ping", 100, 10, 1)));
    assertTrue(c.isEmpty(), "Switchboard measured nothing: " + c.encode());
    JsonArray zeroRate = Comparisons.compute(List.of(run("switchboard", "ping", 100, 10, 0), run("node-ws", "ping", 100, 10, 1)));
    assertTrue(zeroRate.getJsonObject(0).getJsonObject("ratioToSwitchboard").isEmpty(), zeroRate.encode());
  }

  @Test
  void tableHasOneColumnPerTarget() {
    String t = Comparisons.table(Comparisons.compute(List.of(run("switchboard", "ping", 100, 1000, 1), run("node-ws", "ping", 50, 1000, 0.5))));
    String[] lines = t.split("\n");
    assertEquals(3, lines.length);
    assertTrue(lines[0].contains("switchboard") && lines[0].contains("node-ws"), lines[0]);
    assertTrue(lines[1].startsWith("ping / m / rate/s") && lines[1].endsWith("2000 (x2.00)"), lines[1]);
    assertTrue(lines[2].startsWith("ping / m / p99 us") && lines[2].endsWith("50 (x0.50)"), lines[2]);
  }
}
