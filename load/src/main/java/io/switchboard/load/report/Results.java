package io.switchboard.load.report;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading a result file (format 1 or 2) and naming each measured quantity in it. A quantity is identified by
 * (scenario, target, framing, measure): the same key in two runs is the same thing measured twice, which is what
 * the console table, the HTML report and {@code compare} all rely on.
 */
public final class Results {

  public static final int FORMAT_VERSION = 2;

  private Results() {
  }

  /** One measure of one scenario run against one target, with the JSON it came from. */
  public record Entry(String scenario, String target, String framing, String measure,
                      JsonObject scenarioJson, JsonObject stats) {

    /** {@code scenario | target | framing | measure}; a repeated key gets {@code #2}, {@code #3}… in file order. */
    public String key() {
      return scenario + " | " + target + " | " + framing + " | " + measure;
    }

    /** {@code target/framing} for a table row or a chart legend; {@code -} parts are left out. */
    public String targetLabel() {
      if (target.equals("-")) {
        return framing.equals("-") ? "" : framing;
      }
      return framing.equals("-") ? target : target + "/" + framing;
    }
  }

  /** Reads and checks a result or baseline file; throws IllegalArgumentException with a message for the user. */
  public static JsonObject read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e);
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(file + " is not a JSON object: " + e.getMessage());
    }
    if (!"switchboard-load".equals(json.getString("tool")) || !(json.getValue("scenarios") instanceof JsonArray)) {
      throw new IllegalArgumentException(file + " is not a switchboard-load result (no tool/scenarios)");
    }
    Integer v = json.getInteger("formatVersion");
    if (v == null || v < 1 || v > FORMAT_VERSION) {
      throw new IllegalArgumentException(file + " has formatVersion " + v + "; this tool reads 1.." + FORMAT_VERSION);
    }
    return json;
  }

  /** Every measure of every scenario, in file order; duplicate keys are numbered so none is lost. */
  public static List<Entry> entries(JsonObject result) {
    List<Entry> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    JsonArray scenarios = result.getJsonArray("scenarios", new JsonArray());
    for (int i = 0; i < scenarios.size(); i++) {
      JsonObject sc = scenarios.getJsonObject(i);
      JsonObject settings = sc.getJsonObject("settings", new JsonObject());
      String target = text(settings.getValue("target"));
      String framing = text(settings.getValue("framing", settings.getValue("encoding")));
      JsonArray measures = sc.getJsonArray("results", new JsonArray());
      for (int j = 0; j < measures.size(); j++) {
        JsonObject stats = measures.getJsonObject(j);
        String measure = text(stats.getValue("name"));
        Entry e = new Entry(text(sc.getValue("name")), target, framing, measure, sc, stats);
        int n = seen.merge(e.key(), 1, Integer::sum);
        if (n > 1) {
          e = new Entry(e.scenario(), target, framing, measure + " #" + n, sc, stats);
        }
        out.add(e);
      }
    }
    return out;
  }

  /** A number from the stats JSON: {@code ratePerSecond}, {@code bytesPerSecond}, or a latency field such as {@code p99}. */
  public static Double metric(JsonObject stats, String metric) {
    Object v = stats.getValue(metric);
    if (v == null && stats.getJsonObject("latency") != null) {
      v = stats.getJsonObject("latency").getValue(metric);
    }
    return v instanceof Number n ? n.doubleValue() : null;
  }

  private static String text(Object v) {
    return v == null || v.toString().isEmpty() ? "-" : v.toString();
  }
}
