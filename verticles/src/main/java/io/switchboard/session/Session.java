package io.switchboard.session;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A collaborative session as stored in the cluster map: timestamps in epoch milliseconds so that Hazelcast can
 * query and order them. {@link #toApi} renders the public form (ISO-8601 timestamps) documented in docs/rest-api.md.
 */
public record Session(String id, String title, String owner, SessionState state, JsonObject metadata,
                      long createdAt, long updatedAt, long expiresAt, long version) {

  public JsonObject toStored() {
    return new JsonObject()
      .put("id", id).put("title", title).put("owner", owner).put("state", state.wire())
      .put("metadata", metadata)
      .put("createdAt", createdAt).put("updatedAt", updatedAt).put("expiresAt", expiresAt)
      .put("version", version);
  }

  public static Session fromStored(JsonObject json) {
    return new Session(json.getString("id"), json.getString("title"), json.getString("owner"),
      SessionState.parse(json.getString("state")), json.getJsonObject("metadata", new JsonObject()),
      json.getLong("createdAt"), json.getLong("updatedAt"), json.getLong("expiresAt"), json.getLong("version"));
  }

  public JsonObject toApi() {
    return new JsonObject()
      .put("id", id).put("title", title).put("owner", owner).put("state", state.wire())
      .put("metadata", metadata)
      .put("createdAt", Instant.ofEpochMilli(createdAt).toString())
      .put("updatedAt", Instant.ofEpochMilli(updatedAt).toString())
      .put("expiresAt", Instant.ofEpochMilli(expiresAt).toString())
      .put("version", version);
  }

  public boolean expired(long now) {
    return expiresAt <= now;
  }

  /** Milliseconds left to live, at least 1 (a TTL of 0 means "forever" to Hazelcast). */
  public long ttlMillis(long now) {
    return Math.max(1, expiresAt - now);
  }
}
