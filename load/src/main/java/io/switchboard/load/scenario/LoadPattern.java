package io.switchboard.load.scenario;

import java.util.Locale;

/**
 * The offered load of {@code mixed} as a function of time, for a run of {@code d} seconds at nominal rate R
 * (operations per second): {@code constant} R; {@code ramp} from 0 up to R; {@code spike} R/4 with a burst of 5 × R/4
 * in the middle tenth of the run; {@code step} R/4, R/2, 3R/4 and R, a quarter of the run each.
 * {@link #operationsBy} is the integral of {@link #rateAt}: the scheduler sends operation n when the integral
 * reaches n, so the schedule does not drift with the timer's jitter.
 */
public enum LoadPattern {
  CONSTANT, RAMP, SPIKE, STEP;

  static final double SPIKE_FROM = 0.45;
  static final double SPIKE_TO = 0.55;
  static final double SPIKE_FACTOR = 5;

  public static LoadPattern of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Operations per second at time t (seconds since the start) of a run of d seconds at rate r. */
  public double rateAt(double t, double d, double r) {
    if (t < 0 || t >= d) {
      return 0;
    }
    double f = t / d;
    return switch (this) {
      case CONSTANT -> r;
      case RAMP -> r * f;
      case SPIKE -> f >= SPIKE_FROM && f < SPIKE_TO ? SPIKE_FACTOR * r / 4 : r / 4;
      case STEP -> r * (Math.min(3, (int) (f * 4)) + 1) / 4;
    };
  }

  /** Operations due by time t: the integral of {@link #rateAt} from 0 to min(t, d). */
  public double operationsBy(double t, double d, double r) {
    double x = Math.max(0, Math.min(t, d));
    return switch (this) {
      case CONSTANT -> r * x;
      case RAMP -> r * x * x / (2 * d);
      case SPIKE -> {
        double from = SPIKE_FROM * d;
        double to = SPIKE_TO * d;
        double base = r / 4;
        double burst = Math.max(0, Math.min(x, to) - from);
        yield base * x + (SPIKE_FACTOR - 1) * base * burst;
      }
      case STEP -> {
        double quarter = d / 4;
        double sum = 0;
        for (int q = 0; q < 4; q++) {
          double span = Math.max(0, Math.min(x, (q + 1) * quarter) - q * quarter);
          sum += r * (q + 1) / 4 * span;
        }
        yield sum;
      }
    };
  }
}
