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

  /**
   * From the principal's own {@code topics} claim (it travels with it over the bus), else the node's defaults (split
   * once, {@link Defaults}).
   */
  public static TopicPermissions of(Principal principal, Defaults defaults) {
    if (principal.isAdmin()) {
      List<String[]> all = List.<String[]>of(new String[]{">"});
      return new TopicPermissions(all, all);
    }
    JsonObject claim = principal.topics();
    String segment = UserSegment.of(principal.subject());
    if (claim == null) {
      return new TopicPermissions(defaults.subscribe.forSubject(segment), defaults.publish.forSubject(segment));
    }
    return new TopicPermissions(Templates.of(claim.getJsonArray("subscribe", new JsonArray())).forSubject(segment),
      Templates.of(claim.getJsonArray("publish", new JsonArray())).forSubject(segment));
  }

  /**
   * The configured default patterns ({@code ws.default-permissions.*}), split into segments once: a node builds one
   * and fills in each principal's {@code {sub}}, instead of splitting every pattern again for every connection.
   */
  public static final class Defaults {
    private final Templates subscribe;
    private final Templates publish;

    public Defaults(JsonArray subscribe, JsonArray publish) {
      this.subscribe = Templates.of(subscribe);
      this.publish = Templates.of(publish);
    }

    public static Defaults of(JsonObject config) {
      return new Defaults(config.getJsonArray(DEFAULT_SUBSCRIBE), config.getJsonArray(DEFAULT_PUBLISH));
    }
  }

  /** Patterns split into segments, with where {@code {sub}} stands. */
  private record Templates(List<String[]> patterns, List<boolean[]> subjectAt) {

    static Templates of(JsonArray patterns) {
      List<String[]> split = new ArrayList<>(patterns.size());
      List<boolean[]> at = new ArrayList<>(patterns.size());
      for (Object p : patterns) {
        String[] segments = String.valueOf(p).split("\\.", -1);
        boolean[] sub = new boolean[segments.length];
        boolean any = false;
        for (int i = 0; i < segments.length; i++) {
          sub[i] = segments[i].contains(SUBJECT);
          any |= sub[i];
        }
        split.add(segments);
        at.add(any ? sub : null);
      }
      return new Templates(split, at);
    }

    /**
     * The patterns for one user. The subject is data: it enters a pattern as one segment of its own ({@link
     * UserSegment}: never a dot or a wildcard), never as pattern syntax (a subject "*", ">", "a.b" or
     * "alice@example" must not reach another user's topics). A pattern without {@code {sub}} is shared as it is
     * (nothing writes to a compiled pattern).
     */
    List<String[]> forSubject(String segment) {
      List<String[]> out = new ArrayList<>(patterns.size());
      for (int i = 0; i < patterns.size(); i++) {
        String[] p = patterns.get(i);
        boolean[] sub = subjectAt.get(i);
        if (sub == null) {
          out.add(p);
          continue;
        }
        String[] filled = p.clone();
        for (int j = 0; j < filled.length; j++) {
          if (sub[j]) {
            filled[j] = filled[j].replace(SUBJECT, segment);
          }
        }
        out.add(filled);
      }
      return out;
    }
  }

  private static final String SUBJECT = "{sub}";

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
