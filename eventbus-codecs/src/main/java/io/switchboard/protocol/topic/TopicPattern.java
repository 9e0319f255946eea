package io.switchboard.protocol.topic;

/**
 * A compiled topic pattern. Compile once per subscription; {@link #matches} walks the topic
 * string in place (no splitting, no allocation) because it runs for every delivery.
 */
public final class TopicPattern {

  private final String source;
  private final String[] segments;
  private final boolean literal;

  private TopicPattern(String source) {
    this.source = source;
    this.segments = source.split("\\.");
    this.literal = !Topics.isPattern(source);
  }

  /** Compiles a topic or pattern; throws {@code invalid_field} on field {@code topic} when invalid. */
  public static TopicPattern compile(String pattern) {
    return new TopicPattern(Topics.requirePattern("topic", pattern));
  }

  public String source() {
    return source;
  }

  /** True when the pattern has no wildcard and so matches exactly one topic. */
  public boolean isLiteral() {
    return literal;
  }

  /** Whether the concrete (already validated) topic matches this pattern. */
  public boolean matches(String topic) {
    if (literal) {
      return source.equals(topic);
    }
    int n = topic.length();
    int pos = 0;
    for (String segment : segments) {
      if (pos > n) {
        return false; // topic has fewer segments than the pattern
      }
      if (segment.equals(">")) {
        return pos < n; // one or more remaining segments
      }
      int end = topic.indexOf('.', pos);
      if (end < 0) {
        end = n;
      }
      if (segment.equals("*")) {
        if (end == pos) {
          return false;
        }
      } else if (end - pos != segment.length() || !topic.regionMatches(pos, segment, 0, segment.length())) {
        return false;
      }
      pos = end + 1;
    }
    return pos == n + 1; // every topic segment consumed
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicPattern p && p.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
