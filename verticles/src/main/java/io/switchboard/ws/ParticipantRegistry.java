package io.switchboard.ws;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.switchboard.cluster.ClusterFutures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Who is in which collaborative session, cluster-wide: one Hazelcast entry per (session, connection), with a TTL
 * that the owning gateway keeps refreshing, so the participants of a node that died disappear by themselves.
 */
final class ParticipantRegistry {

  static final String MAP = "switchboard.participants";
  static final long TTL_SECONDS = 90;

  private final Vertx vertx;
  private final Context context;
  private final IMap<String, HazelcastJsonValue> map;

  ParticipantRegistry(Vertx vertx, Context context, IMap<String, HazelcastJsonValue> map) {
    this.vertx = vertx;
    this.context = context;
    this.map = map;
  }

  private static String key(String session, String connectionId) {
    return session + "/" + connectionId;
  }

  /** Adds, or refreshes (same {@code since}), the entry; it expires unless refreshed within the TTL. */
  Future<Void> put(String session, String user, String connectionId, long since) {
    JsonObject entry = new JsonObject().put("session", session).put("user", user).put("connectionId", connectionId)
      .put("since", since);
    return ClusterFutures.on(map.setAsync(key(session, connectionId), new HazelcastJsonValue(entry.encode()),
      TTL_SECONDS, TimeUnit.SECONDS), context);
  }

  Future<Void> remove(String session, String connectionId) {
    return ClusterFutures.on(map.removeAsync(key(session, connectionId)), context).mapEmpty();
  }

  /** Participants of {@code session}, oldest first (a query: runs on a worker). */
  Future<JsonArray> of(String session) {
    return vertx.executeBlocking(() -> new JsonArray(map.values(Predicates.equal("session", session)).stream()
      .map(v -> new JsonObject(v.toString()))
      .sorted(Comparator.comparingLong((JsonObject e) -> e.getLong("since")).thenComparing(e -> e.getString("connectionId")))
      .map(e -> (Object) e).toList()), false);
  }
}
