package io.switchboard.topic;

import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Position;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A page of a topic's history for the REST endpoint and the MCP tool: the same replay a resuming WebSocket client
 * gets (memory, then Redis when configured), as JSON. The caller has checked the topic and the permission.
 */
public final class TopicHistory {

  /** The largest page. */
  public static final int MAX_LIMIT = 1000;

  private TopicHistory() {
  }

  /**
   * {@code since} null: the last {@code limit} messages; otherwise those after seq {@code since} of {@code epoch}
   * (null: the topic's current epoch). Answers {@code {topic, position, messages, more, gap?}}, {@code gap} as in
   * the WebSocket protocol when messages after {@code since} are no longer kept.
   */
  public static Future<JsonObject> read(TopicLogs topics, String topic, String epoch, Long since, int limit) {
    return topics.position(topic).compose(head -> {
      Position from = since == null
        ? new Position(head.epoch(), Math.max(0, head.seq() - limit))
        : new Position(epoch == null ? head.epoch() : epoch, Math.max(0, since));
      return topics.replay(topic, from, limit);
    }).map(replay -> {
      JsonArray messages = new JsonArray();
      for (Deliver d : replay.messages()) {
        messages.add(Frames.toJson(d));
      }
      JsonObject page = new JsonObject().put("topic", topic)
        .put("position", new JsonObject().put("epoch", replay.position().epoch()).put("seq", replay.position().seq()))
        .put("messages", messages)
        .put("more", replay.more());
      if (replay.gap() != null) {
        JsonObject gap = Frames.toJson(replay.gap());
        gap.remove("type");
        page.put("gap", gap);
      }
      return page;
    });
  }
}
