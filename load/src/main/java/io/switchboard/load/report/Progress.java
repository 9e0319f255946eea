package io.switchboard.load.report;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Progress lines while a run goes on: {@code [scenario +12.3s] text}. A line that starts with a count
 * {@code done/total} (e.g. {@code 500/2000 round trips}) gets an ETA extrapolated from the elapsed time, and such
 * count lines are printed at most every {@link #COUNT_INTERVAL_NANOS} per scenario (the last one, done == total,
 * always): scenarios may report often without flooding the console. Other lines (milestones) always print.
 */
public final class Progress {

  static final long COUNT_INTERVAL_NANOS = 3_000_000_000L;
  private static final Pattern COUNT = Pattern.compile("^(\\d+)/(\\d+)\\b");

  private static final Map<String, long[]> CLOCKS = new HashMap<>(); // scenario → {start, last count line}

  private Progress() {
  }

  /** Starts (or restarts) the scenario's clock and prints {@code [scenario] start}. */
  public static synchronized void start(String scenario) {
    start(scenario, "start");
  }

  /**
   * Starts (or restarts) the scenario's clock and prints {@code [scenario] text}: the suite runs a scenario once per
   * target, and each run's elapsed time and ETA count from its own start.
   */
  public static synchronized void start(String scenario, String text) {
    CLOCKS.put(scenario, new long[] {System.nanoTime(), Long.MIN_VALUE});
    System.out.println("[" + scenario + "] " + text);
  }

  /** Prints a progress line for the scenario (see the class comment). */
  public static synchronized void line(String scenario, String text) {
    long now = System.nanoTime();
    long[] clock = CLOCKS.computeIfAbsent(scenario, k -> new long[] {now, Long.MIN_VALUE});
    String s = format(scenario, text, now - clock[0], clock[1] == Long.MIN_VALUE ? Long.MAX_VALUE : now - clock[1]);
    if (s == null) {
      return;
    }
    if (COUNT.matcher(text).find()) {
      clock[1] = now;
    }
    System.out.println(s);
  }

  /**
   * The line to print, or null when it is a count line within {@link #COUNT_INTERVAL_NANOS} of the previous one.
   * Pure, for tests: {@code elapsed} since the scenario started, {@code sinceLastCount} since its last count line.
   */
  static String format(String scenario, String text, long elapsedNanos, long sinceLastCount) {
    String prefix = String.format(Locale.ROOT, "[%s +%.1fs] ", scenario, elapsedNanos / 1e9);
    Matcher m = COUNT.matcher(text);
    if (!m.find()) {
      return prefix + text;
    }
    long done;
    long total;
    try {
      done = Long.parseLong(m.group(1));
      total = Long.parseLong(m.group(2));
    } catch (NumberFormatException e) {
      return prefix + text;
    }
    if (done < total && sinceLastCount < COUNT_INTERVAL_NANOS) {
      return null;
    }
    if (done > 0 && done < total) {
      double eta = elapsedNanos / 1e9 * (total - done) / done;
      return prefix + text + String.format(Locale.ROOT, ", ETA %.0fs", Math.ceil(eta));
    }
    return prefix + text;
  }
}
