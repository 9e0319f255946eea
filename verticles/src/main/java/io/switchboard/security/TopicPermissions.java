package io.switchboard.security;

import io.switchboard.protocol.topic.UserSegment;
import io.switchboard.security.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Which topics a connection may subscribe to and publish on, from its token:
 * {@code "topics": {"subscribe": ["chat.>"], "publish": ["chat.lobby"]}}. Without that claim the configured
 * defaults apply ({@code {sub}} stands for the token's subject as one {@link UserSegment}); the {@code admin} role
 * may use every topic.
 * A subscription pattern is allowed only if an allowed pattern covers everything it could match.
 */
public final class TopicPermissions {

  public static final String CLAIM = "topics";
  /** The configured defaults for a token without the claim (docs/configuration.md). */
  public static final String DEFAULT_SUBSCRIBE = "ws.default-permissions.subscribe";
  public static final String DEFAULT_PUBLISH = "ws.default-permissions.publish";

  private final List<String[]> subscribe;
  private final List<String[]> publish;

  private TopicPermissions(List<String[]> subscribe, List<String[]> publish) {
    this.subscribe = subscribe;
    this.publish = publish;
  }

  /** From the principal's own {@code topics} claim (it travels with it over the bus), else these defaults. */
  public static TopicPermissions of(Principal principal, JsonArray defaultSubscribe, JsonArray defaultPublish) {
    if (principal.isAdmin()) {
      List<String[]> all = List.<String[]>of(new String[]{">"});
      return new TopicPermissions(all, all);
    }
    JsonObject claim = principal.topics();
    JsonArray sub = claim != null ? claim.getJsonArray("subscribe", new JsonArray()) : defaultSubscribe;
    JsonArray pub = claim != null ? claim.getJsonArray("publish", new JsonArray()) : defaultPublish;
    return new TopicPermissions(compile(sub, principal.subject()), compile(pub, principal.subject()));
  }

  /** With the defaults of the configuration ({@code ws.default-permissions.*}). */
  public static TopicPermissions of(Principal principal, JsonObject config) {
    return of(principal, config.getJsonArray(DEFAULT_SUBSCRIBE), config.getJsonArray(DEFAULT_PUBLISH));
  }

  private static List<String[]> compile(JsonArray patterns, String subject) {
    // The subject is data: it enters the pattern as one segment of its own, never as pattern syntax (a subject
    // "*", ">", "a.b" or "alice@example" must not reach another user's topics).
    String segment = UserSegment.of(subject);
    List<String[]> out = new ArrayList<>();
    for (Object p : patterns) {
      out.add(String.valueOf(p).replace("{sub}", segment).split("\\.", -1));
    }
    return out;
  }

  public boolean maySubscribe(String topicOrPattern) {
    return anyCovers(subscribe, topicOrPattern.split("\\.", -1));
  }

  public boolean mayPublish(String topic) {
    Decision last = lastPublish;
    if (last != null && last.topic.equals(topic)) {
      return last.allowed; // a client publishing to one topic asks the same question for every message
    }
    boolean allowed = anyCovers(publish, topic.split("\\.", -1));
    lastPublish = new Decision(topic, allowed);
    return allowed;
  }

  /** One answer, published whole (a single reference write), so a reader never pairs a topic with another's answer. */
  private record Decision(String topic, boolean allowed) {
  }

  private volatile Decision lastPublish;

  private static boolean anyCovers(List<String[]> allowed, String[] requested) {
    for (String[] a : allowed) {
      if (covers(a, requested)) {
        return true;
      }
    }
    return false;
  }

  /** True if every topic that {@code requested} can match is matched by {@code allowed}. */
  static boolean covers(String[] allowed, String[] requested) {
    int i = 0;
    for (; i < allowed.length; i++) {
      String a = allowed[i];
      if (a.equals(">")) {
        return requested.length > i;
      }
      if (i >= requested.length) {
        return false;
      }
      String r = requested[i];
      if (r.equals(">")) {
        return false;
      }
      if (!a.equals("*") && !a.equals(r)) {
        return false;
      }
    }
    return i == requested.length;
  }
}
