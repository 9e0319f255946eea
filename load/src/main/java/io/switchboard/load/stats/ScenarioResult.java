package io.switchboard.load.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** What one scenario measured: one or more {@link Stats}, its settings, and samples of its errors. */
public final class ScenarioResult {

  public static final int MAX_ERROR_SAMPLES = 20;

  private final String name;
  private final JsonObject settings;
  private final List<Stats> stats = new ArrayList<>();
  private final List<String> errorSamples = new ArrayList<>();
  private final JsonObject metrics = new JsonObject();
  private boolean truncated;

  public ScenarioResult(String name, JsonObject settings) {
    this.name = name;
    this.settings = settings;
  }

  public String name() {
    return name;
  }

  /** The settings object itself, so that the suite can add the target and the resources used. */
  public JsonObject settings() {
    return settings;
  }

  public Stats add(Stats s) {
    stats.add(s);
    return s;
  }

  public List<Stats> stats() {
    return stats;
  }

  /** Keeps the first few error messages for the report. */
  public synchronized void errorSample(String message) {
    if (errorSamples.size() < MAX_ERROR_SAMPLES) {
      errorSamples.add(message);
    }
  }

  public synchronized List<String> errorSamples() {
    return List.copyOf(errorSamples);
  }

  /**
   * A figure that is not a latency distribution (connections reached, server memory per connection...), reported
   * under {@code metrics}.
   */
  public synchronized ScenarioResult metric(String key, Object value) {
    metrics.put(key, value);
    return this;
  }

  public synchronized JsonObject metrics() {
    return metrics.copy();
  }

  /** The scenario stopped at its time bound before doing all it was asked to. */
  public void truncated(boolean t) {
    truncated = t;
  }

  public boolean truncated() {
    return truncated;
  }

  public long errors() {
    return stats.stream().mapToLong(Stats::errorCount).sum();
  }

  public JsonObject toJson() {
    JsonArray results = new JsonArray();
    stats.forEach(s -> results.add(s.toJson()));
    return new JsonObject()
        .put("name", name)
        .put("settings", settings)
        .put("truncated", truncated)
        .put("errors", errors())
        .put("results", results)
        .put("metrics", metrics())
        .put("errorSamples", new JsonArray(new ArrayList<>(errorSamples())));
  }
}
