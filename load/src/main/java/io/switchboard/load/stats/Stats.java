package io.switchboard.load.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured quantity: a latency histogram in microseconds (HdrHistogram, 3 significant
 * digits, up to 60 s), the number of errors, the wall time over which it was measured
 * (for the rate), and a per-second timeline (count and bytes per second since {@link #start}) for
 * throughput-over-time charts. Recording is synchronized: cheap when uncontended, safe with several
 * event loops.
 *
 * <p>Coordinated omission: where a scenario sends at a fixed rate, it records with
 * {@link #recordNanos(long, long)} and the expected interval, so a stall that delayed later sends is
 * counted as the latency those sends would have seen (HdrHistogram's correction); the uncorrected
 * histogram is kept beside it and both go into the report.
 */
public final class Stats {

  public static final long HIGHEST_US = 60_000_000L;

  private final String name;
  private final Histogram histogram = new Histogram(HIGHEST_US, 3);
  /** Without the coordinated-omission correction; null until a corrected value is recorded. */
  private Histogram uncorrected;
  private final List<long[]> timeline = new ArrayList<>(); // per second: {count, bytes}
  private long bytes;
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
    long v = clamp(micros);
    histogram.recordValue(v);
    if (uncorrected != null) {
      uncorrected.recordValue(v);
    }
    tick(0);
  }

  /**
   * Records a latency measured on a fixed-rate schedule whose interval is {@code expectedIntervalNanos}:
   * corrected for coordinated omission (see the class comment).
   */
  public synchronized void recordNanos(long nanos, long expectedIntervalNanos) {
    if (uncorrected == null) {
      uncorrected = new Histogram(HIGHEST_US, 3);
      uncorrected.add(histogram);
    }
    long v = clamp(Math.max(1, nanos / 1000));
    histogram.recordValueWithExpectedInterval(v, Math.max(1, expectedIntervalNanos / 1000));
    uncorrected.recordValue(v);
    tick(0);
  }

  /** Counts bytes moved (payload sent or received, as the scenario defines) for bytes per second. */
  public synchronized void bytes(long n) {
    bytes += n;
    tick(n);
  }

  public synchronized long bytes() {
    return bytes;
  }

  /** Bytes per second of wall time. */
  public synchronized double bytesRate() {
    double s = seconds();
    return s > 0 ? bytes / s : 0;
  }

  private static long clamp(long micros) {
    return Math.min(Math.max(1, micros), HIGHEST_US);
  }

  /** Adds one event (n == 0: a measurement; n > 0: bytes) to the current second of the timeline. */
  private void tick(long n) {
    if (startNanos < 0) {
      return;
    }
    int second = (int) Math.max(0, (System.nanoTime() - startNanos) / 1_000_000_000L);
    if (second > 24 * 3600) {
      return;
    }
    while (timeline.size() <= second) {
      timeline.add(new long[2]);
    }
    long[] slot = timeline.get(second);
    if (n == 0) {
      slot[0]++;
    } else {
      slot[1] += n;
    }
  }

  /** A copy of the histogram (microseconds), e.g. for latency distribution charts. */
  public synchronized Histogram histogram() {
    return histogram.copy();
  }

  public synchronized void error() {
    errors++;
  }

  public synchronized void errors(long n) {
    errors += n;
  }

  /**
   * Measurements actually taken. The corrected histogram also holds the samples the coordinated-omission
   * correction added, so counts and rates come from the uncorrected one when there is one.
   */
  public synchronized long count() {
    return (uncorrected != null ? uncorrected : histogram).getTotalCount();
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
    return s > 0 ? count() / s : 0;
  }

  public synchronized long percentile(double p) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(p);
  }

  public synchronized long max() {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue();
  }

  /**
   * The report entry. {@code latency} is the (corrected, where a rate was fixed) distribution;
   * {@code latencyUncorrected} appears only when a correction was applied; {@code distribution} holds
   * percentile points for charts; {@code timeline} has one {count, bytes} object per second.
   */
  public synchronized JsonObject toJson() {
    JsonArray seconds = new JsonArray();
    timeline.forEach(s -> seconds.add(new JsonObject().put("count", s[0]).put("bytes", s[1])));
    JsonObject json = new JsonObject()
        .put("name", name)
        .put("count", count())
        .put("errors", errors)
        .put("seconds", round(seconds(), 3))
        .put("ratePerSecond", round(rate(), 1))
        .put("bytes", bytes)
        .put("bytesPerSecond", round(bytesRate(), 1))
        .put("unit", "us")
        .put("coordinatedOmissionCorrected", uncorrected != null)
        .put("latency", latency(histogram));
    if (uncorrected != null) {
      json.put("correctedCount", histogram.getTotalCount()); // with the samples the correction added
      json.put("latencyUncorrected", latency(uncorrected));
    }
    return json.put("distribution", distribution(histogram)).put("timeline", seconds);
  }

  private static JsonObject latency(Histogram h) {
    boolean empty = h.getTotalCount() == 0;
    return new JsonObject()
        .put("min", empty ? 0 : h.getMinValue())
        .put("mean", round(empty ? 0 : h.getMean(), 1))
        .put("p50", empty ? 0 : h.getValueAtPercentile(50))
        .put("p95", empty ? 0 : h.getValueAtPercentile(95))
        .put("p99", empty ? 0 : h.getValueAtPercentile(99))
        .put("p99_9", empty ? 0 : h.getValueAtPercentile(99.9))
        .put("max", empty ? 0 : h.getMaxValue());
  }

  /** Percentile points (0, 10, …, 90, 99, 99.9, 99.99, 100) of the distribution, for charts. */
  private static JsonArray distribution(Histogram h) {
    JsonArray points = new JsonArray();
    if (h.getTotalCount() == 0) {
      return points;
    }
    double[] ps = {0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 97.5, 99, 99.5, 99.9, 99.99, 100};
    for (double p : ps) {
      points.add(new JsonObject().put("percentile", p).put("us", h.getValueAtPercentile(p)));
    }
    return points;
  }

  /**
   * Everything measured, for another process to {@link #merge}: the histograms as text ({@link HistogramCodec}),
   * bytes, errors, wall time and the timeline.
   */
  public synchronized JsonObject export() {
    JsonArray seconds = new JsonArray();
    timeline.forEach(s -> seconds.add(new JsonArray().add(s[0]).add(s[1])));
    return new JsonObject()
        .put("name", name)
        .put("histogram", HistogramCodec.encode(histogram))
        .put("uncorrected", uncorrected == null ? null : HistogramCodec.encode(uncorrected))
        .put("bytes", bytes)
        .put("errors", errors)
        .put("nanos", (long) (seconds() * 1e9))
        .put("timeline", seconds);
  }

  /**
   * Adds what another Stats {@link #export exported}: histograms, bytes and errors are summed, the timelines
   * second by second (each aligned on its own start), and the wall time is the longer of the two, because the
   * parts ran side by side (worker processes), not one after the other.
   */
  public synchronized void merge(JsonObject exported) {
    Histogram other = HistogramCodec.decode(exported.getString("histogram"));
    String otherUncorrected = exported.getString("uncorrected");
    if (otherUncorrected != null && uncorrected == null) {
      uncorrected = histogram.copy();
    }
    histogram.add(other);
    if (uncorrected != null) {
      uncorrected.add(otherUncorrected != null ? HistogramCodec.decode(otherUncorrected) : other);
    }
    bytes += exported.getLong("bytes", 0L);
    errors += exported.getLong("errors", 0L);
    JsonArray seconds = exported.getJsonArray("timeline", new JsonArray());
    for (int i = 0; i < seconds.size(); i++) {
      while (timeline.size() <= i) {
        timeline.add(new long[2]);
      }
      timeline.get(i)[0] += seconds.getJsonArray(i).getLong(0);
      timeline.get(i)[1] += seconds.getJsonArray(i).getLong(1);
    }
    long nanos = Math.max((long) (seconds() * 1e9), exported.getLong("nanos", 0L));
    startNanos = 0;
    endNanos = nanos;
  }

  public static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
