package io.switchboard.protocol.signing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON in the style of RFC 8785 (JCS), so signer and verifier agree on bytes whatever
 * encoding carried the payload: no whitespace, object keys sorted by UTF-16 code units, strings
 * with only {@code " \ } and control characters escaped (short forms \b \t \n \f \r, else
 * backslash-u and four lowercase hex digits), integers in plain decimal, other numbers as ECMAScript
 * {@code Number.prototype.toString} prints them (1.0 -> "1", 1e21 -> "1e+21", 1.5e-7 -> "1.5e-7").
 *
 * <p>Digits of a double are the fewest that read back as the same double, as ECMAScript requires.
 * They are searched for explicitly because {@link Double#toString} on Java 17 sometimes prints a
 * longer form (4.9E-324 for 5e-324; fixed in Java 19 by JDK-4511638).
 */
public final class CanonicalJson {

  private CanonicalJson() {
  }

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    value(out, value);
    return out.toString();
  }

  private static void value(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(out, s);
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      out.append(v);
    } else if (v instanceof Number n) {
      out.append(ecmaScript(n.doubleValue()));
    } else if (v instanceof JsonObject obj) {
      object(out, obj.getMap());
    } else if (v instanceof Map<?, ?> map) {
      object(out, map);
    } else if (v instanceof JsonArray array) {
      array(out, array.getList());
    } else if (v instanceof List<?> list) {
      array(out, list);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map) {
    List<String> keys = new ArrayList<>(map.size());
    for (Object k : map.keySet()) {
      keys.add(String.valueOf(k));
    }
    Collections.sort(keys); // String order is UTF-16 code unit order, as JCS requires
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, keys.get(i));
      out.append(':');
      value(out, map.get(keys.get(i)));
    }
    out.append('}');
  }

  private static void array(StringBuilder out, List<?> list) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      value(out, list.get(i));
    }
    out.append(']');
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** ECMAScript Number::toString for a finite double. */
  static String ecmaScript(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("not a JSON number: " + d);
    }
    if (d == 0) {
      return "0"; // -0 too
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal dec = shortest(Math.abs(d)).stripTrailingZeros();
    String digits = dec.unscaledValue().toString();
    int k = digits.length();
    int n = k - dec.scale(); // value = 0.digits * 10^n
    StringBuilder out = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e < 0 ? "-" : "+").append(Math.abs(e));
    }
    return out.toString();
  }

  /** The decimal with the fewest significant digits (nearest to d among those) that parses back to d. */
  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int digits = 1; digits < 17; digits++) {
      BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == d) {
        return candidate;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)); // 17 digits always round-trip
  }
}
