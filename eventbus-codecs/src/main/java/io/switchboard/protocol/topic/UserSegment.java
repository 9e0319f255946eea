package io.switchboard.protocol.topic;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The topic segment that stands for a user (the {@code {sub}} of permission patterns, the {@code <name>} of
 * {@code user.<name>.inbox}). A subject is data, never topic syntax: one made only of segment characters
 * ({@code A-Z a-z 0-9 _ - : @}) is its own segment; any other (a dot, a wildcard, a space, Unicode, or one that
 * begins with {@link #ENCODED_PREFIX}) becomes {@code ~} + base64url of its UTF-8 bytes. No two subjects share a
 * segment: plain segments never begin with {@code ~}, and base64url is one-to-one. {@code ~} is not a topic character
 * anywhere else, so an encoded segment can be written only by the server, never matched by a client's wildcard
 * pattern as if it were a literal, and never produced by a plain subject.
 */
public final class UserSegment {

  /** Marks an encoded segment; not a character of plain segments. */
  public static final char ENCODED_PREFIX = '~';

  private UserSegment() {
  }

  /** The segment for {@code subject}; never contains a dot or a wildcard. */
  public static String of(String subject) {
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("a subject is required");
    }
    boolean plain = true;
    for (int i = 0; i < subject.length() && plain; i++) {
      plain = Topics.allowedInSegment(subject.charAt(i));
    }
    return plain ? subject
      : ENCODED_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(subject.getBytes(StandardCharsets.UTF_8));
  }
}
