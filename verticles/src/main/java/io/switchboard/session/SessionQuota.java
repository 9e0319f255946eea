package io.switchboard.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.ClusterFutures;
import io.switchboard.cluster.ClusterNode;
import io.vertx.core.Vertx;
import io.vertx.core.Future;

/**
 * At most {@code sessions.max-per-owner} live sessions per principal, whatever the edge (REST, MCP, WebSocket,
 * bridges all create through the session service): each session lives its TTL (up to 30 days), so the creation rate
 * alone bounded nothing. One {@link OwnerSlots} entry per owner in a Hazelcast map, reserved before a session is
 * inserted and released when it is deleted; an expired session's slot is reclaimed when its owner reaches the bound.
 * Sessions put back from Redis take their slot whatever the bound (they existed before).
 */
final class SessionQuota {

  static final String MAP = "switchboard.sessions.owners";
  public static final String MAX_PER_OWNER = "sessions.max-per-owner";

  private final IMap<String, OwnerSlots> owners;
  /** Each answer completes on the caller's context: the service is called from every event loop of the node. */
  private final Vertx vertx;
  private final int max;

  /** Blocking (the map's declaration and proxy): on a worker. */
  SessionQuota(Vertx vertx, HazelcastInstance hz, int max) {
    ClusterNode.ensureObjectMap(hz, MAP);
    this.owners = hz.getMap(MAP);
    this.vertx = vertx;
    this.max = max;
  }

  /** Fails with 409 {@code conflict} when the owner already holds the most sessions allowed. */
  Future<Void> reserve(String owner, String id, long expiresAt, long now) {
    return ClusterFutures.on(owners.submitToKey(owner, new OwnerSlots.Reserve(id, expiresAt, max, now)), vertx)
      .compose(taken -> taken ? Future.succeededFuture() : Future.failedFuture(new ServiceError(ErrorCode.CONFLICT,
        "you own " + max + " sessions, the most allowed (" + MAX_PER_OWNER + "): delete one, or wait until one expires")));
  }

  /** A session back from Redis: its slot, whatever the bound. */
  Future<Void> restored(String owner, String id, long expiresAt, long now) {
    return ClusterFutures.on(owners.submitToKey(owner, new OwnerSlots.Reserve(id, expiresAt, -1, now)), vertx)
      .mapEmpty();
  }

  Future<Void> release(String owner, String id) {
    return ClusterFutures.on(owners.submitToKey(owner, new OwnerSlots.Release(id)), vertx).mapEmpty();
  }

  Future<Void> extend(String owner, String id, long expiresAt) {
    return ClusterFutures.on(owners.submitToKey(owner, new OwnerSlots.Extend(id, expiresAt)), vertx).mapEmpty();
  }

}
