package io.switchboard.load.stats;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * One measured quantity: a latency histogram in microseconds (HdrHistogram, 3 significant
 * digits, up to 60 s), the number of errors, and the wall time over which it was measured
 * (for the rate). Recording is synchronized: cheap when uncontended, safe with several event loops.
 */
public final class Stats {

  public static final long HIGHEST_US = 60_000_000L;

  private final String name;
  private final Histogram histogram = new Histogram(HIGHEST_US, 3);
  private long errors;
  private long startNanos = -1;
  private long endNanos = -1;

  public Stats(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public synchronized void start() {
    startNanos = System.nanoTime();
  }

  public synchronized void stop() {
    endNanos = System.nanoTime();
  }

  /** Sets the measured wall time directly (tests, or a window measured elsewhere). */
  public synchronized void window(long nanos) {
    startNanos = 0;
    endNanos = nanos;
  }

  public void recordNanos(long nanos) {
    recordMicros(Math.max(1, nanos / 1000));
  }

  public synchronized void recordMicros(long micros) {
    histogram.recordValue(Math.min(Math.max(1, micros), HIGHEST_US));
  }

  public synchronized void error() {
    errors++;
  }

  public synchronized void errors(long n) {
    errors += n;
  }

  public synchronized long count() {
    return histogram.getTotalCount();
  }

  public synchronized long errorCount() {
    return errors;
  }

  public synchronized double seconds() {
    if (startNanos < 0) {
      return 0;
    }
    long end = endNanos >= 0 ? endNanos : System.nanoTime();
    return (end - startNanos) / 1e9;
  }

  /** Successful measurements per second of wall time. */
  public synchronized double rate() {
    double s = seconds();
    return s > 0 ? histogram.getTotalCount() / s : 0;
  }

  public synchronized long percentile(double p) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(p);
  }

  public synchronized long max() {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue();
  }

  public synchronized JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("count", histogram.getTotalCount())
        .put("errors", errors)
        .put("seconds", round(seconds(), 3))
        .put("ratePerSecond", round(rate(), 1))
        .put("unit", "us")
        .put("latency", new JsonObject()
            .put("min", histogram.getTotalCount() == 0 ? 0 : histogram.getMinValue())
            .put("mean", round(histogram.getTotalCount() == 0 ? 0 : histogram.getMean(), 1))
            .put("p50", percentile(50))
            .put("p95", percentile(95))
            .put("p99", percentile(99))
            .put("p99_9", percentile(99.9))
            .put("max", max()));
  }

  public static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
