package io.switchboard.protocol;

/** Protocol-wide constants of the Switchboard WebSocket protocol (see docs/protocol/websocket.md). */
public final class Protocol {

  /** Version announced in the {@code ready} message; bumped only on incompatible changes. */
  public static final int VERSION = 1;

  /** Maximum length of a topic name or pattern, in characters. */
  public static final int MAX_TOPIC_LENGTH = 256;

  /** Maximum length of client message ids and other short identifiers. */
  public static final int MAX_ID_LENGTH = 128;

  /** Most users one {@code publish} may mention (each gets the message in its offline inbox). */
  public static final int MAX_MENTIONS = 16;

  /** Maximum nesting of objects/arrays in a frame; deeper frames are rejected as {@code too_large}. */
  public static final int MAX_DEPTH = 32;

  /** Priorities run from 0 (highest) to 4 (lowest); publishes without one get 2. */
  public static final int HIGHEST_PRIORITY = 0;
  public static final int LOWEST_PRIORITY = 4;
  public static final int DEFAULT_PRIORITY = 2;

  private Protocol() {
  }

  /**
   * What is wrong with {@code value} as an identifier of at most {@code maxLength} characters (non-empty, no control
   * characters), or null when nothing is: the one rule for ids, whichever edge they arrive through.
   */
  public static String textProblem(String value, int maxLength) {
    if (value.isEmpty()) {
      return "must not be empty";
    }
    if (value.length() > maxLength) {
      return "longer than " + maxLength + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < 0x20 || value.charAt(i) == 0x7f) {
        return "must not contain control characters";
      }
    }
    return null;
  }
}
