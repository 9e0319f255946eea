package io.switchboard.federation;

import io.switchboard.protocol.topic.TopicPattern;
import io.switchboard.protocol.topic.Topics;
import io.switchboard.redis.RedisSettings;
import io.switchboard.topic.TopicSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Redis Pub/Sub federation between independent deployments (docs/federation.md); keys in docs/configuration.md.
 *
 * @param deploymentId  this deployment's name, carried by every exported message; empty: the Hazelcast cluster name
 * @param exports       topics whose messages published here are sent to the other deployments
 * @param imports       topics whose messages published elsewhere are taken in
 * @param channelPrefix put before the topic to name its Redis channel; must be the same in every federated deployment
 * @param reconnectMs   pause between attempts to reconnect to Redis
 */
public record FederationSettings(String deploymentId, List<TopicPattern> exports, List<TopicPattern> imports,
                                 String channelPrefix, long reconnectMs) {

  public static final String ENABLED = "redis.federation.enabled";
  public static final String DEPLOYMENT_ID = "redis.federation.deployment-id";
  public static final String EXPORT = "redis.federation.export";
  public static final String IMPORT = "redis.federation.import";
  public static final String CHANNEL_PREFIX = "redis.federation.channel-prefix";
  public static final String RECONNECT_MS = "redis.federation.reconnect-ms";

  public static boolean enabled(JsonObject config) {
    return config.getBoolean(ENABLED, false);
  }

  /**
   * Reads and checks the settings; refuses federation without Redis, and without duplicate detection on topics
   * (every node of a deployment receives each imported message and the dedup memory lets only one append it).
   */
  public static FederationSettings from(JsonObject config) {
    if (!RedisSettings.configured(config)) {
      throw new IllegalArgumentException(ENABLED + " needs " + RedisSettings.URL);
    }
    TopicSettings topics = TopicSettings.from(config);
    if (topics.dedupEntries() < 1 || topics.dedupWindowMillis() < 1) {
      throw new IllegalArgumentException(ENABLED + " needs duplicate detection: " + TopicSettings.DEDUP_ENTRIES
        + " and " + TopicSettings.DEDUP_WINDOW_SECONDS + " must be positive");
    }
    long reconnect = config.getLong(RECONNECT_MS, 1000L);
    if (reconnect < 1) {
      throw new IllegalArgumentException(RECONNECT_MS + " must be positive");
    }
    String prefix = config.getString(CHANNEL_PREFIX, "switchboard:federation:");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException(CHANNEL_PREFIX + " must not be empty");
    }
    return new FederationSettings(config.getString(DEPLOYMENT_ID, "").trim(), patterns(config, EXPORT),
      patterns(config, IMPORT), prefix, reconnect);
  }

  private static List<TopicPattern> patterns(JsonObject config, String key) {
    JsonArray list = config.getJsonArray(key, new JsonArray().add("public.>"));
    return list.stream().map(p -> {
      if (!(p instanceof String s) || !Topics.isValidPattern(s)) {
        throw new IllegalArgumentException(key + ": not a topic or pattern: " + p);
      }
      return TopicPattern.compile(s);
    }).toList();
  }

  /** A deployment id travels as {@code deliver.origin}: an identifier of the protocol (1..128, no control characters). */
  static String requireId(String id) {
    if (id.isEmpty() || id.length() > 128 || id.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(DEPLOYMENT_ID + " must be 1..128 characters without control characters: '"
        + id + "'");
    }
    return id;
  }

  static boolean matches(List<TopicPattern> patterns, String topic) {
    for (TopicPattern p : patterns) {
      if (p.matches(topic)) {
        return true;
      }
    }
    return false;
  }

  /** The Redis channel of a topic. */
  String channel(String topic) {
    return channelPrefix + topic;
  }

  /**
   * The PSUBSCRIBE glob for an import pattern: the literal part before the first wildcard segment, then {@code *}.
   * Topic characters are never glob characters, and a glob {@code *} also matches dots, so the glob may be wider
   * than the pattern (e.g. {@code chat.*.x}); imports are checked against the pattern itself again.
   */
  String glob(TopicPattern pattern) {
    String source = pattern.source();
    int star = source.indexOf('*');
    int rest = source.indexOf('>');
    int cut = star < 0 ? rest : rest < 0 ? star : Math.min(star, rest);
    return escape(channelPrefix) + (cut < 0 ? source : source.substring(0, cut) + "*");
  }

  /** The prefix is free text: its glob characters must match literally. */
  private static String escape(String s) {
    return s.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
  }
}
