package io.switchboard.ot;

/**
 * Unicode code point helpers.
 *
 * <p>Every length and position in this package counts Unicode <b>code points</b>, not UTF-16
 * {@code char}s: "a😀b" has length 3 (Java's {@code String.length()} says 4). An operation can
 * therefore never cut a surrogate pair in two, whatever the client language. JavaScript clients
 * must count the same way ({@code Array.from(str).length}, or iterate with {@code codePointAt});
 * these helpers convert between the two indexings for editors that report UTF-16 offsets.
 *
 * <p>Combining sequences (e.g. "e" + U+0301) and emoji ZWJ sequences are several code points: an
 * operation may split them. That never produces invalid UTF-16, only a visually odd glyph,
 * exactly like typing backspace in most editors.
 */
public final class CodePoints {

  private CodePoints() {
  }

  /** Number of code points in {@code s} (an unpaired surrogate counts as one). */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /**
   * Converts a code point index into a UTF-16 char index.
   *
   * @throws IndexOutOfBoundsException if {@code codePointIndex} is negative or past the end
   */
  public static int toCharIndex(String s, int codePointIndex) {
    return s.offsetByCodePoints(0, codePointIndex);
  }

  /**
   * Converts a UTF-16 char index into a code point index.
   *
   * @throws IndexOutOfBoundsException if the index is out of range
   * @throws IllegalArgumentException if the index falls between the two halves of a surrogate pair
   */
  public static int toCodePointIndex(String s, int charIndex) {
    if (charIndex < 0 || charIndex > s.length()) {
      throw new IndexOutOfBoundsException("char index " + charIndex + " outside [0, " + s.length() + "]");
    }
    if (charIndex > 0 && charIndex < s.length()
        && Character.isHighSurrogate(s.charAt(charIndex - 1)) && Character.isLowSurrogate(s.charAt(charIndex))) {
      throw new IllegalArgumentException("char index " + charIndex + " splits a surrogate pair");
    }
    return s.codePointCount(0, charIndex);
  }

  /** Substring by code point indices {@code [from, to)}. */
  public static String substring(String s, int from, int to) {
    int start = s.offsetByCodePoints(0, from);
    int end = s.offsetByCodePoints(start, to - from);
    return s.substring(start, end);
  }

  /** True when {@code s} has no unpaired surrogate (i.e. it is valid UTF-16, encodable as UTF-8). */
  public static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
