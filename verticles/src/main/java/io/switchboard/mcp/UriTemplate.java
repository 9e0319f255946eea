package io.switchboard.mcp;

import java.util.regex.Pattern;

/** Matching a URI against a simple RFC 6570 template ({@code switchboard://sessions/{id}}: one segment per variable). */
final class UriTemplate {

  private UriTemplate() {
  }

  static boolean matches(String template, String uri) {
    if (template == null) {
      return false;
    }
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        regex.append(Pattern.quote(template.substring(i)));
        break;
      }
      regex.append(Pattern.quote(template.substring(i, open)));
      int close = template.indexOf('}', open);
      if (close < 0) {
        return false;
      }
      regex.append("[^/]+");
      i = close + 1;
    }
    return uri.matches(regex.toString());
  }
}
