package io.switchboard.protocol.topic;

import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.ProtocolException;

/**
 * Topic names and patterns.
 *
 * <p>A topic is 1..256 characters of segments separated by {@code .}; a segment is one or more of
 * {@code A-Z a-z 0-9 _ - : @}, optionally after a leading {@code ~} (the form of an encoded user segment,
 * {@link UserSegment}). A pattern may also use {@code *} as a whole segment (exactly one segment) and {@code >} as
 * the last segment (one or more trailing segments).
 */
public final class Topics {

  private Topics() {
  }

  /** True when the string uses a wildcard segment (it may still be invalid). */
  public static boolean isPattern(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('>') >= 0;
  }

  /** Throws {@code invalid_field} on {@code field} unless {@code topic} is a concrete topic name. */
  public static String requireTopic(String field, String topic) {
    if (topic == lastValid) {
      return topic; // the very string checked last time: a message is built several times on its way (publish,
                    // log template, stamped deliver), always from the same topic string
    }
    String problem = problem(topic, false);
    if (problem != null) {
      throw ProtocolException.invalid(field, problem);
    }
    lastValid = topic;
    return topic;
  }

  /**
   * The last topic found valid, compared by identity: strings are immutable, so the same instance is valid again.
   * Racy by design: a thread may see an older valid topic, never an invalid one (only valid topics are written).
   */
  private static volatile String lastValid;

  /** Throws {@code invalid_field} on {@code field} unless {@code pattern} is a topic or a valid pattern. */
  public static String requirePattern(String field, String pattern) {
    String problem = problem(pattern, true);
    if (problem != null) {
      throw ProtocolException.invalid(field, problem);
    }
    return pattern;
  }

  public static boolean isValidTopic(String s) {
    if (s == lastValid) {
      return s != null; // see requireTopic
    }
    if (problem(s, false) != null) {
      return false;
    }
    lastValid = s;
    return true;
  }

  public static boolean isValidPattern(String s) {
    return problem(s, true) == null;
  }

  /** Why {@code s} is not acceptable, or null when it is. */
  static String problem(String s, boolean wildcards) {
    if (s == null || s.isEmpty()) {
      return "topic must not be empty";
    }
    if (s.length() > Protocol.MAX_TOPIC_LENGTH) {
      return "topic longer than " + Protocol.MAX_TOPIC_LENGTH + " characters";
    }
    int segmentStart = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i < s.length() && s.charAt(i) != '.') {
        char c = s.charAt(i);
        if (c == '*' || c == '>') {
          if (!wildcards) {
            return "wildcard '" + c + "' not allowed here, a concrete topic is required";
          }
          boolean wholeSegment = i == segmentStart && (i + 1 == s.length() || s.charAt(i + 1) == '.');
          if (!wholeSegment) {
            return "wildcard '" + c + "' must be a whole segment";
          }
          if (c == '>' && i + 1 != s.length()) {
            return "'>' is only allowed as the last segment";
          }
        } else if (!allowed(c) && !(c == UserSegment.ENCODED_PREFIX && i == segmentStart)) {
          return "character '" + c + "' not allowed in topic at index " + i;
        }
        continue;
      }
      if (i == segmentStart) {
        return "empty segment in topic at index " + i;
      }
      segmentStart = i + 1;
    }
    return null;
  }

  /** A character of a plain segment. */
  static boolean allowedInSegment(char c) {
    return allowed(c);
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-' || c == ':' || c == '@';
  }
}
