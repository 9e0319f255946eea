package io.switchboard.load.report;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandsTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out.reset();
    err.reset();
    return ReportCommands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String file(String name, JsonObject json) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, json.encodePrettily());
    return p.toString();
  }

  @Test
  void compareExitCodes() throws Exception {
    JsonObject r = HtmlReportTest.synthetic();
    String results = file("r.json", r);
    assertEquals(0, run("compare", results, results), out.toString());
    assertTrue(out.toString().contains("0 REGRESSION"), out.toString());

    JsonObject slower = r.copy();
    JsonObject m = slower.getJsonArray("scenarios").getJsonObject(0).getJsonArray("results").getJsonObject(0);
    m.put("ratePerSecond", m.getDouble("ratePerSecond") * 0.8);
    String doctored = file("d.json", slower);
    assertEquals(1, run("compare", results, doctored, "--throughput-drop", "10"));
    assertTrue(out.toString().contains("REGRESSION"), out.toString());
    assertEquals(0, run("compare", results, doctored, "--throughput-drop=25"), "a looser threshold passes");
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    String results = file("r.json", HtmlReportTest.synthetic());
    assertEquals(2, run("compare", results));
    assertEquals(2, run("compare", results, results, "--latency-rise", "-1"));
    assertEquals(2, run("compare", results, results, "--nope", "1"));
    assertEquals(2, run("compare", results, dir.resolve("absent.json").toString()));
    assertTrue(err.toString().contains("no such file"), err.toString());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{ not json");
    assertEquals(2, run("compare", results, bad.toString()));
    String future = file("v3.json", HtmlReportTest.synthetic().put("formatVersion", 3));
    assertEquals(2, run("report", future));
    assertTrue(err.toString().contains("formatVersion 3"), err.toString());
    assertEquals(2, run("baseline", "keep", results, "x.json"));
    assertEquals(2, run("report"));
  }

  @Test
  void baselineSaveAndReportHtml() throws Exception {
    String results = file("r.json", HtmlReportTest.synthetic());
    Path baseline = dir.resolve("b.json");
    assertEquals(0, run("baseline", "save", results, baseline.toString()));
    JsonObject b = new JsonObject(Files.readString(baseline));
    assertEquals("baseline", b.getString("kind"));
    assertEquals(0, run("compare", baseline.toString(), results));

    Path html = dir.resolve("r.html");
    assertEquals(0, run("report", results, "--html", html.toString()));
    assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
    assertTrue(out.toString().contains("ping->pong"), "the tables are printed too");
    assertEquals("", err.toString());
  }
}
