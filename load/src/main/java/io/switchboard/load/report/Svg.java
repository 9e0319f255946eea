package io.switchboard.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.switchboard.load.report.Html.esc;

/**
 * The three charts of the HTML report as inline SVG, drawn here so the report needs no script, font or network:
 * latency by percentile, count per second over time, and horizontal bars for Switchboard vs peers.
 */
final class Svg {

  static final String[] COLORS = {"#1f6fb4", "#e6770b", "#2a9d3a", "#c8312f", "#8a5cc2", "#8c564b", "#d45fb0",
      "#6f6f6f", "#a5a51e", "#13a7b8"};
  static final String[] DASHES = {"", "7 4", "2 3", "9 3 2 3"};

  private static final int W = 680;
  private static final int LEFT = 64;
  private static final int RIGHT = 30; // room for the last x label
  private static final int TOP = 12;
  private static final int PLOT_H = 220;
  private static final int BOTTOM = 34;

  /** One line of a chart: its legend text, its color and dash, and its points (x, y) in data units. */
  record Series(String label, String color, String dash, List<double[]> points) {
  }

  /** One bar: the label, the value, the text after the bar, and whether it is Switchboard (drawn bolder). */
  record Bar(String label, double value, String text, String color, boolean highlight) {
  }

  private Svg() {
  }

  /** Percentile positions on the x axis: log10(100 / (100 - p)), so p90 → 1, p99 → 2, p99.9 → 3, p99.99 → 4. */
  static double percentileX(double p) {
    return Math.log10(100 / (100 - Math.min(p, 99.99)));
  }

  /**
   * Latency (µs, log scale) by percentile (log-like scale 0 .. 99.99). Points are (percentile, µs); percentile 100
   * (the maximum) is left out because it has no place on this axis; the tables give the maximum.
   */
  static String latency(List<Series> series) {
    double lo = Double.MAX_VALUE;
    double hi = 1;
    for (Series s : series) {
      for (double[] p : s.points()) {
        if (p[0] < 100) {
          lo = Math.min(lo, Math.max(1, p[1]));
          hi = Math.max(hi, p[1]);
        }
      }
    }
    if (lo == Double.MAX_VALUE) {
      return "";
    }
    int d0 = (int) Math.floor(Math.log10(lo));
    int d1 = Math.max(d0 + 1, (int) Math.ceil(Math.log10(hi)));
    Axis x = new Axis(0, 4);
    Axis y = new Axis(d0, d1);
    StringBuilder sb = open(series.size());
    // grid and labels
    double[] pcts = {0, 50, 90, 99, 99.9, 99.99};
    String[] names = {"p0", "p50", "p90", "p99", "p99.9", "p99.99"};
    for (int i = 0; i < pcts.length; i++) {
      double px = x.px(percentileX(pcts[i]), W - LEFT - RIGHT) + LEFT;
      vline(sb, px, names[i]);
    }
    for (int d = d0; d <= d1; d++) {
      hline(sb, TOP + PLOT_H - y.px(d, PLOT_H), micros(Math.pow(10, d)), true);
      if (d1 - d0 <= 2 && d < d1) {
        for (int m : new int[] {2, 5}) {
          hline(sb, TOP + PLOT_H - y.px(d + Math.log10(m), PLOT_H), micros(m * Math.pow(10, d)), false);
        }
      }
    }
    for (Series s : series) {
      List<double[]> pts = new ArrayList<>();
      for (double[] p : s.points()) {
        if (p[0] < 100) {
          pts.add(new double[] {LEFT + x.px(percentileX(p[0]), W - LEFT - RIGHT),
              TOP + PLOT_H - y.px(Math.log10(Math.max(1, p[1])), PLOT_H)});
        }
      }
      polyline(sb, s, pts);
    }
    axisTitle(sb, "percentile", "latency");
    return close(sb, series);
  }

  /** Count per second (linear) over seconds since the measure started. */
  static String timeline(List<Series> series) {
    double maxX = 1;
    double maxY = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    if (maxY <= 0) {
      return "";
    }
    double stepY = niceStep(maxY / 5);
    double stepX = Math.max(1, niceStep(maxX / 8));
    Axis x = new Axis(0, Math.ceil(maxX / stepX) * stepX);
    Axis y = new Axis(0, Math.ceil(maxY / stepY) * stepY);
    StringBuilder sb = open(series.size());
    for (double v = 0; v <= x.max + 1e-9; v += stepX) {
      vline(sb, LEFT + x.px(v, W - LEFT - RIGHT), ConsoleReport.number(v) + " s");
    }
    for (double v = 0; v <= y.max + 1e-9; v += stepY) {
      hline(sb, TOP + PLOT_H - y.px(v, PLOT_H), compact(v), true);
    }
    for (Series s : series) {
      List<double[]> pts = new ArrayList<>();
      for (double[] p : s.points()) {
        pts.add(new double[] {LEFT + x.px(p[0], W - LEFT - RIGHT), TOP + PLOT_H - y.px(p[1], PLOT_H)});
      }
      polyline(sb, s, pts);
    }
    axisTitle(sb, "seconds since start", "per second");
    return close(sb, series);
  }

  /** Horizontal bars from zero, one per target. */
  static String bars(List<Bar> bars) {
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
    int labelW = 150;
    int textW = 170;
    int row = 24;
    int h = bars.size() * row + 8;
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", W, h, W, h));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double len = max > 0 ? Math.max(1, b.value() / max * (W - labelW - textW)) : 1;
      int y = 4 + i * row;
      sb.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"%s>%s</text>", labelW - 8, y + 15,
          b.highlight() ? " font-weight=\"bold\"" : "", esc(b.label())));
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"%s/>",
          labelW, y + 2, len, row - 6, b.color(), b.highlight() ? " stroke=\"#000\"" : ""));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", labelW + len + 6, y + 15,
          esc(b.text())));
    }
    return sb.append("</svg>").toString();
  }

  /** A data range mapped linearly onto pixels. */
  private record Axis(double min, double max) {
    double px(double v, double size) {
      return max > min ? (v - min) / (max - min) * size : 0;
    }
  }

  private static StringBuilder open(int legendRows) {
    int h = TOP + PLOT_H + BOTTOM + 18 * ((legendRows + 1) / 2) + 6;
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
            + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>",
        W, h, W, h, LEFT, TOP, W - LEFT - RIGHT, PLOT_H));
  }

  private static String close(StringBuilder sb, List<Series> series) {
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int x = LEFT + (i % 2) * 300;
      int y = TOP + PLOT_H + BOTTOM + 14 + (i / 2) * 18;
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\"%s/>"
              + "<text x=\"%d\" y=\"%d\">%s</text>",
          x, y - 4, x + 26, y - 4, s.color(), dash(s), x + 32, y, esc(s.label())));
    }
    return sb.append("</svg>").toString();
  }

  private static void polyline(StringBuilder sb, Series s, List<double[]> pts) {
    if (pts.isEmpty()) {
      return;
    }
    StringBuilder p = new StringBuilder();
    for (double[] xy : pts) {
      p.append(String.format(Locale.ROOT, "%.1f,%.1f ", xy[0], xy[1]));
    }
    sb.append(String.format(Locale.ROOT,
        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s><title>%s</title></polyline>",
        p.toString().trim(), s.color(), dash(s), esc(s.label())));
    if (pts.size() == 1) {
      sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
          pts.get(0)[0], pts.get(0)[1], s.color()));
    }
  }

  private static String dash(Series s) {
    return s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\"";
  }

  private static void vline(StringBuilder sb, double px, String label) {
    sb.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>",
        px, TOP, px, TOP + PLOT_H, px, TOP + PLOT_H + 14, esc(label)));
  }

  private static void hline(StringBuilder sb, double py, String label, boolean major) {
    sb.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>"
            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>",
        LEFT, py, W - RIGHT, py, major ? "#ddd" : "#f0f0f0", LEFT - 4, py + 4, esc(label)));
  }

  private static void axisTitle(StringBuilder sb, String x, String y) {
    sb.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>"
            + "<text x=\"12\" y=\"%d\" text-anchor=\"middle\" class=\"tick\" transform=\"rotate(-90 12 %d)\">%s</text>",
        LEFT + (W - LEFT - RIGHT) / 2, TOP + PLOT_H + 28, esc(x), TOP + PLOT_H / 2, TOP + PLOT_H / 2, esc(y)));
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (raw <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** Microseconds as {@code 500 us}, {@code 2 ms}, {@code 1 s}. */
  static String micros(double us) {
    if (us >= 1_000_000) {
      return ConsoleReport.number(us / 1_000_000) + " s";
    }
    return us >= 1000 ? ConsoleReport.number(us / 1000) + " ms" : ConsoleReport.number(us) + " us";
  }

  /** 1500 → 1.5k, 2000000 → 2M. */
  static String compact(double v) {
    if (v >= 1_000_000) {
      return ConsoleReport.number(Math.round(v / 100_000) / 10.0) + "M";
    }
    return v >= 1000 ? ConsoleReport.number(Math.round(v / 100) / 10.0) + "k" : ConsoleReport.number(v);
  }
}
