package io.switchboard.load.report;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The subcommands that work on saved files and need no server: {@code report}, {@code baseline save} and
 * {@code compare}. Exit status: 0 fine, 1 a regression (compare) or an unwritable output, 2 a usage error
 * (bad arguments, an unreadable or invalid file).
 */
public final class ReportCommands {

  public static final Set<String> COMMANDS = Set.of("report", "baseline", "compare");

  public static final String USAGE = String.join("\n",
      "  java -jar switchboard-load.jar report <results.json> [--html out.html]",
      "      prints the tables of a saved result; with --html writes the self-contained HTML report",
      "  java -jar switchboard-load.jar baseline save <results.json> <baseline.json>",
      "      keeps a result as a baseline (same format, without the chart data)",
      "  java -jar switchboard-load.jar compare <baseline.json> <results.json> [--throughput-drop 10]",
      "      [--latency-rise 20] [--latency-floor-us 0]",
      "      compares by (scenario, target, framing, measure); exit 1 if anything regressed");

  private ReportCommands() {
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      return switch (args[0]) {
        case "report" -> report(args, out);
        case "baseline" -> baseline(args, out);
        case "compare" -> compare(args, out);
        default -> throw new IllegalArgumentException("unknown command " + args[0]);
      };
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("usage:\n" + USAGE);
      return 2;
    }
  }

  private static int report(String[] args, PrintStream out) {
    List<String> files = new ArrayList<>();
    String html = null;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--html") && i + 1 < args.length) {
        html = args[++i];
      } else if (args[i].startsWith("--html=")) {
        html = args[i].substring(7);
      } else if (args[i].startsWith("--")) {
        throw new IllegalArgumentException("report: unknown option or missing value: " + args[i]);
      } else {
        files.add(args[i]);
      }
    }
    if (files.size() != 1 || (html != null && html.isEmpty())) {
      throw new IllegalArgumentException("report needs one result file and optionally --html FILE");
    }
    JsonObject result = Results.read(Path.of(files.get(0)));
    out.println(Machine.line(result.getJsonObject("machine", new JsonObject())));
    out.print(ConsoleReport.render(result));
    return html == null || write(Path.of(html), HtmlReport.render(result), "HTML report", out) ? 0 : 1;
  }

  private static int baseline(String[] args, PrintStream out) {
    if (args.length != 4 || !args[1].equals("save")) {
      throw new IllegalArgumentException("expected: baseline save <results.json> <baseline.json>");
    }
    JsonObject result = Results.read(Path.of(args[2]));
    return write(Path.of(args[3]), Baseline.of(result).encodePrettily() + "\n", "baseline", out) ? 0 : 1;
  }

  private static int compare(String[] args, PrintStream out) {
    List<String> files = new ArrayList<>();
    Compare.Thresholds d = Compare.Thresholds.DEFAULT;
    double drop = d.throughputDropPercent();
    double rise = d.latencyRisePercent();
    double floor = d.latencyFloorUs();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        files.add(a);
        continue;
      }
      String name = a;
      String value;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
      switch (name) {
        case "--throughput-drop" -> drop = percent(name, value);
        case "--latency-rise" -> rise = percent(name, value);
        case "--latency-floor-us" -> floor = percent(name, value);
        default -> throw new IllegalArgumentException("compare: unknown option " + name);
      }
    }
    if (files.size() != 2) {
      throw new IllegalArgumentException("compare needs <baseline.json> <results.json>");
    }
    JsonObject baseline = Results.read(Path.of(files.get(0)));
    JsonObject current = Results.read(Path.of(files.get(1)));
    Compare.Thresholds t = new Compare.Thresholds(drop, rise, floor);
    Compare.Outcome o = Compare.compare(baseline, current, t);
    out.println("baseline: " + files.get(0) + " (" + baseline.getString("startedAt", "?") + ")");
    out.println("current:  " + files.get(1) + " (" + current.getString("startedAt", "?") + ")");
    out.print(Compare.table(o, t));
    return o.exitCode();
  }

  /** A non-negative number (a percentage or microseconds). */
  private static double percent(String name, String value) {
    try {
      double v = Double.parseDouble(value);
      if (v >= 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("option " + name + " needs a non-negative number, got '" + value + "'");
  }

  /** Writes a text file; false (after saying why) when it cannot. */
  public static boolean write(Path file, String text, String what, PrintStream out) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      out.println(what + " written to " + file);
      return true;
    } catch (IOException | RuntimeException e) {
      System.err.println("error: cannot write " + what + " " + file + ": " + e.getMessage());
      return false;
    }
  }
}
