package io.switchboard.mcp.transport;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.switchboard.cluster.ClusterFutures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SSE events of Streamable HTTP streams, kept for a while in the cluster so that a client that lost a stream
 * can resume it with {@code Last-Event-ID}, on any node. Event ids are {@code <streamId>-<n>}, dense per stream;
 * each event is stored under its id with a TTL. Events a stream produces after its client went away are also
 * published on {@code switchboard.mcp.resume.<streamId>}, where a resuming stream listens.
 */
final class EventStore {

  static final String RESUME_PREFIX = "switchboard.mcp.resume.";
  static final String MAP = "switchboard.mcp.events";
  private static final long TTL_SECONDS = 300;
  private static final int MAX_REPLAY = 1000;

  private final Vertx vertx;
  private final Context context;
  private final IMap<String, HazelcastJsonValue> map;

  EventStore(Vertx vertx, Context context, IMap<String, HazelcastJsonValue> map) {
    this.vertx = vertx;
    this.context = context;
    this.map = map;
  }

  void store(String sessionId, String eventId, JsonObject message, boolean streamOpen) {
    JsonObject entry = new JsonObject().put("session", sessionId).put("message", message);
    map.setAsync(eventId, new HazelcastJsonValue(entry.encode()), TTL_SECONDS, TimeUnit.SECONDS);
    if (!streamOpen) {
      vertx.eventBus().publish(RESUME_PREFIX + streamOf(eventId), new JsonObject().put("id", eventId).put("message", message));
    }
  }

  /** The events of {@code lastEventId}'s stream after it, in order, if they belong to {@code sessionId}. */
  Future<List<JsonObject>> after(String sessionId, String lastEventId) {
    String stream = streamOf(lastEventId);
    long n;
    try {
      n = Long.parseLong(lastEventId.substring(lastEventId.lastIndexOf('-') + 1));
    } catch (RuntimeException e) {
      return Future.succeededFuture(List.of());
    }
    return collect(sessionId, stream, n + 1, new ArrayList<>());
  }

  private Future<List<JsonObject>> collect(String sessionId, String stream, long n, List<JsonObject> acc) {
    if (acc.size() >= MAX_REPLAY) {
      return Future.succeededFuture(acc);
    }
    String id = stream + "-" + n;
    return ClusterFutures.on(map.getAsync(id), context).compose(v -> {
      if (v == null) {
        return Future.succeededFuture(acc);
      }
      JsonObject entry = new JsonObject(v.toString());
      if (!sessionId.equals(entry.getString("session"))) {
        return Future.succeededFuture(acc);
      }
      acc.add(new JsonObject().put("id", id).put("message", entry.getJsonObject("message")));
      return collect(sessionId, stream, n + 1, acc);
    });
  }

  static String streamOf(String eventId) {
    int dash = eventId.lastIndexOf('-');
    return dash < 0 ? eventId : eventId.substring(0, dash);
  }
}
