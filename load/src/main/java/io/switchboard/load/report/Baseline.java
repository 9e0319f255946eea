package io.switchboard.load.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A baseline is a result file with {@code "kind": "baseline"} and without the chart data (per-measure
 * {@code distribution} and {@code timeline}), so it stays small and readable in a diff. It is still a format-2
 * result: {@code compare} and {@code report} read it like any other.
 */
public final class Baseline {

  private Baseline() {
  }

  public static JsonObject of(JsonObject result) {
    JsonObject b = result.copy().put("kind", "baseline");
    JsonArray scenarios = b.getJsonArray("scenarios", new JsonArray());
    for (int i = 0; i < scenarios.size(); i++) {
      JsonArray measures = scenarios.getJsonObject(i).getJsonArray("results", new JsonArray());
      for (int j = 0; j < measures.size(); j++) {
        JsonObject m = measures.getJsonObject(j);
        m.remove("distribution");
        m.remove("timeline");
      }
    }
    return b;
  }
}
