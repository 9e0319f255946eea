package io.switchboard.protocol.filter;

import java.math.BigInteger;

/** JSON scalar comparison used by filters: numbers compare by value across Long/Double/BigInteger. */
final class Values {

  /** {@link #compare} result for values of different kinds (e.g. a string and a number). */
  static final int INCOMPARABLE = Integer.MIN_VALUE;

  private Values() {
  }

  static boolean equal(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y) == 0;
    }
    return a == null ? b == null : a.equals(b);
  }

  /** -1, 0 or 1 for two numbers or two strings; {@link #INCOMPARABLE} otherwise. */
  static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(x.compareTo(y));
    }
    return INCOMPARABLE;
  }

  static int compareNumbers(Number a, Number b) {
    boolean aFloat = a instanceof Double || a instanceof Float;
    boolean bFloat = b instanceof Double || b instanceof Float;
    if (!aFloat && !bFloat) {
      if (a instanceof BigInteger || b instanceof BigInteger) {
        return big(a).compareTo(big(b));
      }
      return Long.compare(a.longValue(), b.longValue());
    }
    double x = a.doubleValue();
    double y = b.doubleValue();
    return x < y ? -1 : x > y ? 1 : 0;
  }

  private static BigInteger big(Number n) {
    return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
  }

  static boolean isScalar(Object v) {
    return v == null || v instanceof String || v instanceof Number || v instanceof Boolean;
  }
}
