package io.switchboard.topic;

import io.vertx.core.json.JsonObject;

import java.io.Serializable;

/**
 * Bounds of every topic log: the kept history (message count, total stored bytes, age) and the duplicate-detection
 * memory (entries, window). Serializable because it travels inside the entry processors, so that the member that
 * applies an append (and its backup) use the caller's bounds, whatever their own configuration says.
 *
 * @param maxMessages       messages kept per topic (at least 1)
 * @param maxBytes          stored bytes kept per topic (the MsgPack size of each message); a single larger message is
 *                          still accepted and then is the only one kept
 * @param maxAgeMillis      messages older than this are dropped (on the next append; reads skip them at once)
 * @param dedupEntries      (publisher, client message id) pairs remembered per topic; 0 disables duplicate detection
 * @param dedupWindowMillis how long such a pair is remembered
 */
public record TopicSettings(int maxMessages, long maxBytes, long maxAgeMillis, int dedupEntries, long dedupWindowMillis)
  implements Serializable {

  public static final String MAX_MESSAGES = "topics.history.max-messages";
  public static final String MAX_BYTES = "topics.history.max-bytes";
  public static final String MAX_AGE_SECONDS = "topics.history.max-age-seconds";
  public static final String DEDUP_ENTRIES = "topics.dedup.max-entries";
  public static final String DEDUP_WINDOW_SECONDS = "topics.dedup.window-seconds";

  public static final TopicSettings DEFAULTS = new TopicSettings(1000, 4L << 20, 3_600_000L, 10_000, 120_000L);

  public TopicSettings {
    if (maxMessages < 1) {
      throw new IllegalArgumentException(MAX_MESSAGES + " must be at least 1, was " + maxMessages);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException(MAX_BYTES + " must be at least 1, was " + maxBytes);
    }
    if (maxAgeMillis < 1) {
      throw new IllegalArgumentException(MAX_AGE_SECONDS + " must be positive, was " + maxAgeMillis + " ms");
    }
    if (dedupEntries < 0) {
      throw new IllegalArgumentException(DEDUP_ENTRIES + " must not be negative, was " + dedupEntries);
    }
    if (dedupWindowMillis < 0) {
      throw new IllegalArgumentException(DEDUP_WINDOW_SECONDS + " must not be negative, was " + dedupWindowMillis + " ms");
    }
  }

  /** The settings in a node configuration; missing keys take the {@link #DEFAULTS}. */
  public static TopicSettings from(JsonObject config) {
    return new TopicSettings(
      config.getInteger(MAX_MESSAGES, DEFAULTS.maxMessages),
      config.getLong(MAX_BYTES, DEFAULTS.maxBytes),
      config.containsKey(MAX_AGE_SECONDS) ? config.getLong(MAX_AGE_SECONDS) * 1000 : DEFAULTS.maxAgeMillis,
      config.getInteger(DEDUP_ENTRIES, DEFAULTS.dedupEntries),
      config.containsKey(DEDUP_WINDOW_SECONDS) ? config.getLong(DEDUP_WINDOW_SECONDS) * 1000 : DEFAULTS.dedupWindowMillis);
  }
}
