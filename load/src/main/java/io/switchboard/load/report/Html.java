package io.switchboard.load.report;

/** HTML escaping for every piece of text that comes from a result file (names, settings, error samples). */
final class Html {

  private Html() {
  }

  /** Escapes {@code & < > " '}: safe in element content and in quoted attribute values. */
  static String esc(Object value) {
    String s = String.valueOf(value);
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
