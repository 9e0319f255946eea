package io.switchboard.metrics;

import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the labels of Vert.x's own meters to a fixed set of values, whatever clients do. An event-bus address
 * label once named every topic used through the bridge ({@code switchboard.bridge.topic.user.alice.<secret>}, on an
 * unauthenticated /metrics), every bridge provider and every MCP call: one series per value, for ever.
 *
 * <p>The rule: the service addresses of docs/event-bus.md have at most three segments
 * ({@code switchboard.sessions.edits}) and keep their name; every longer address is a fixed prefix and something
 * a client chose (a topic, a user, a call or session id) and is labelled by its family
 * ({@code switchboard.bridge.topic.*}); anything else ({@code other}). Unknown HTTP methods are {@code OTHER}.
 * Micrometer applies these as meter filters, in order, before a meter exists.
 */
public final class BoundedLabels {

  /** The per-client address families, each labelled {@code prefix + "*"}. */
  static final List<String> FAMILIES = List.of("switchboard.bridge.topic.", "switchboard.bridge.provider.",
    "switchboard.mcp.channel.", "switchboard.mcp.reply.", "switchboard.mcp.resume.", "switchboard.mcp.legacy.",
    "switchboard.mcp.provider.");

  private static final String SERVICE_ADDRESS = "switchboard(?:\\.[a-z][a-z-]*){1,2}";
  private static final String FAMILY_LABEL = "switchboard(?:\\.[a-z][a-z-]*){2}\\.\\*";

  private BoundedLabels() {
  }

  static List<Match> matches() {
    List<Match> matches = new ArrayList<>();
    for (String family : FAMILIES) {
      matches.add(new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel(Label.EB_ADDRESS.toString())
        .setType(MatchType.REGEX).setValue(java.util.regex.Pattern.quote(family) + ".*").setAlias(family + "*"));
    }
    matches.add(new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel(Label.EB_ADDRESS.toString())
      .setType(MatchType.REGEX).setValue("(?!" + SERVICE_ADDRESS + "$)(?!" + FAMILY_LABEL + "$).*").setAlias("other"));
    matches.add(new Match().setDomain(MetricsDomain.HTTP_SERVER).setLabel(Label.HTTP_METHOD.toString())
      .setType(MatchType.REGEX).setValue("(?!(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$).*").setAlias("OTHER"));
    return matches;
  }
}
