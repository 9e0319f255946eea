package io.switchboard.protocol;

import java.util.List;
import java.util.Map;

/**
 * Strings that are not valid Unicode are refused where they arrive, on every edge. JSON can spell a lone UTF-16
 * surrogate (the escape backslash-u-d800), which no UTF-8 encoder can write: it reached JSON subscribers as such an escape,
 * MsgPack subscribers as {@code "?"}, and the session store as {@code "?"}. (MsgPack input is checked as strict
 * UTF-8 by its reader, which refuses encoded surrogates.)
 */
public final class Unicode {

  private Unicode() {
  }

  /**
   * True if the bytes are well-formed UTF-8 (RFC 3629: shortest form only, no encoded surrogates, nothing above
   * U+10FFFF), as a WebSocket text frame must be (RFC 6455 §8.1), answering exactly as the JDK's strict decoder
   * does, without decoding: a text frame is then parsed from its bytes, never turned into a String first.
   */
  public static boolean isValidUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      while (i + 8 <= to && Words.ascii(Words.at(b, i))) {
        i += 8; // eight ASCII bytes at once
      }
      if (i >= to) {
        break;
      }
      int c = b[i];
      if (c >= 0) { // ASCII: the common case, one byte
        i++;
        continue;
      }
      c &= 0xff;
      int need;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        min = 0x10000;
      } else {
        return false; // a continuation byte first, 0xc0/0xc1 (always overlong), or above 0xf4
      }
      if (i + need >= to) {
        return false; // truncated: the sequence runs past the end
      }
      int cp = c & (0x3f >> need);
      for (int k = 1; k <= need; k++) {
        int cc = b[i + k] & 0xff;
        if ((cc & 0xc0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (cc & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return false;
      }
      i += need + 1;
    }
    return true;
  }

  /** True unless {@code s} has a surrogate that is not part of a pair. */
  public static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Where in a decoded JSON value (Vert.x JsonObject/JsonArray or raw Map/List) a string or key is not valid
   * Unicode, as a path ({@code payload.items[2].name}); null if none is.
   */
  public static String problemIn(Object value, String path) {
    if (value instanceof String s) {
      return isWellFormed(s) ? null : path;
    }
    if (value instanceof io.vertx.core.json.JsonObject o) {
      return problemIn(o.getMap(), path);
    }
    if (value instanceof io.vertx.core.json.JsonArray a) {
      return problemIn(a.getList(), path);
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String at = path.isEmpty() ? key : path + "." + key;
        if (!isWellFormed(key)) {
          return at;
        }
        String inner = problemIn(e.getValue(), at);
        if (inner != null) {
          return inner;
        }
      }
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String inner = problemIn(list.get(i), path + "[" + i + "]");
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }

  /** The message every edge gives for such a string. */
  public static String refusal(String path) {
    return (path.isEmpty() ? "a string" : path) + " is not valid Unicode (a lone UTF-16 surrogate)";
  }
}
