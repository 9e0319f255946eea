package io.switchboard.redis;

import io.switchboard.protocol.topic.TopicPattern;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * How much of each topic's history Redis keeps ({@code topics.redis.retention}): a list of rules
 * {@code {"pattern": "...", "max-messages": n, "max-age-seconds": s}}, the first whose pattern matches the topic
 * wins; a topic no rule matches is not archived at all.
 */
public final class HistoryRetention {

  public static final String KEY = "topics.redis.retention";

  /** One rule; {@code maxAgeMillis} also bounds how long an idle topic's keys live. */
  public record Rule(TopicPattern pattern, long maxMessages, long maxAgeMillis) {
  }

  private final List<Rule> rules;

  private HistoryRetention(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static HistoryRetention from(JsonObject config) {
    JsonArray array = config.getJsonArray(KEY, new JsonArray());
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof JsonObject rule)) {
        throw new IllegalArgumentException(KEY + "[" + i + "] must be an object {pattern, max-messages, max-age-seconds}");
      }
      long maxMessages = rule.getLong("max-messages", 0L);
      long maxAge = rule.getLong("max-age-seconds", 0L);
      if (maxMessages < 1 || maxAge < 1) {
        throw new IllegalArgumentException(KEY + "[" + i + "]: max-messages and max-age-seconds must be positive");
      }
      rules.add(new Rule(TopicPattern.compile(rule.getString("pattern", "")), maxMessages, maxAge * 1000));
    }
    return new HistoryRetention(rules);
  }

  /** The rule for a topic, or null: not archived. */
  public Rule of(String topic) {
    for (Rule r : rules) {
      if (r.pattern().matches(topic)) {
        return r;
      }
    }
    return null;
  }
}
