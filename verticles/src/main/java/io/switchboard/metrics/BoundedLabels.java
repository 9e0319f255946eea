package io.switchboard.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the labels of Vert.x's own meters to a fixed set of values, whatever clients do. An event-bus address
 * label once named every topic used through the bridge ({@code switchboard.bridge.topic.user.alice.<secret>}, on an
 * unauthenticated /metrics), every bridge provider and every MCP call: one series per value, for ever.
 *
 * <p>The rule: the service addresses of docs/event-bus.md have at most three segments
 * ({@code switchboard.sessions.edits}) and keep their name; every longer address is a fixed prefix and something
 * a client chose (a topic, a user, a call or session id) and is labelled by its family
 * ({@code switchboard.bridge.topic.*}); anything else is {@code other}. Unknown HTTP methods are {@code OTHER}.
 *
 * <p>One filter, plain string tests: Vert.x looks its event-bus meters up on every message, and Micrometer maps
 * the id through every filter each time, so this runs on the hot path (as Vert.x label matches, one regex filter per
 * rule with a stream per filter, it was 5 % of a publish's CPU).
 */
public final class BoundedLabels implements MeterFilter {

  /** The per-client address families, each labelled {@code prefix + "*"}. */
  static final List<String> FAMILIES = List.of("switchboard.bridge.topic.", "switchboard.bridge.provider.",
    "switchboard.mcp.channel.", "switchboard.mcp.reply.", "switchboard.mcp.resume.", "switchboard.mcp.legacy.",
    "switchboard.mcp.provider.");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  @Override
  public Meter.Id map(Meter.Id id) {
    String name = id.getName();
    if (name.startsWith("vertx.eventbus")) {
      return replaced(id, "address", address(id.getTag("address")));
    }
    if (name.startsWith("vertx.http.server")) {
      String method = id.getTag("method");
      return replaced(id, "method", method == null || METHODS.contains(method) ? method : "OTHER");
    }
    return id;
  }

  /** The label value an event-bus address gets. */
  static String address(String address) {
    if (address == null) {
      return null;
    }
    for (String family : FAMILIES) {
      if (address.startsWith(family)) {
        return family + "*";
      }
    }
    return isServiceAddress(address) ? address : "other";
  }

  /** {@code switchboard} and one or two more segments of lower-case letters and dashes. */
  private static boolean isServiceAddress(String a) {
    if (!a.startsWith("switchboard.")) {
      return false;
    }
    int segments = 0;
    boolean segmentStart = true;
    for (int i = "switchboard.".length(); i < a.length(); i++) {
      char c = a.charAt(i);
      if (c == '.') {
        if (segmentStart) {
          return false;
        }
        segmentStart = true;
      } else if ((c >= 'a' && c <= 'z') || (c == '-' && !segmentStart)) {
        if (segmentStart) {
          segments++;
          segmentStart = false;
        }
      } else {
        return false;
      }
    }
    return !segmentStart && segments <= 2;
  }

  private static Meter.Id replaced(Meter.Id id, String key, String value) {
    String current = id.getTag(key);
    if (current == null || current.equals(value)) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    for (Tag t : id.getTagsAsIterable()) {
      tags.add(t.getKey().equals(key) ? Tag.of(key, value) : t);
    }
    return id.replaceTags(tags);
  }
}
