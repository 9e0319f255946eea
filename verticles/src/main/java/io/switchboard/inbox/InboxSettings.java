package io.switchboard.inbox;

import io.vertx.core.json.JsonObject;

/**
 * How much each user's offline inbox keeps (keys in docs/configuration.md). Beyond either bound the oldest messages
 * are dropped, counted ({@code switchboard_inbox_trimmed}), logged, and reported to the user in {@code inbox_end}.
 *
 * @param maxMessages messages kept per user (1 .. 10 000: a trim removes them in one script call)
 * @param maxAgeMillis how long a message is kept; also how long an untouched inbox lives in Redis
 */
public record InboxSettings(int maxMessages, long maxAgeMillis) {

  public static final String MAX_MESSAGES = "inbox.max-messages";
  public static final String MAX_AGE_SECONDS = "inbox.max-age-seconds";

  public InboxSettings {
    if (maxMessages < 1 || maxMessages > 10_000 || maxAgeMillis < 1000) {
      throw new IllegalArgumentException(MAX_MESSAGES + " must be 1..10000 and " + MAX_AGE_SECONDS + " positive");
    }
  }

  public static InboxSettings from(JsonObject config) {
    return new InboxSettings(config.getInteger(MAX_MESSAGES, 100), config.getLong(MAX_AGE_SECONDS, 604_800L) * 1000);
  }
}
