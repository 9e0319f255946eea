package io.switchboard.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Records a security event. Events go over the bus to this node's {@link SecurityVerticle}, which appends them
 * to the audit log as one JSON object per line; callers never wait for the write.
 */
public final class Audit {

  public static final String AUTH_FAILED = "auth_failed";
  public static final String ACCESS_DENIED = "access_denied";
  public static final String SESSION_CREATED = "session_created";
  public static final String SESSION_DELETED = "session_deleted";
  public static final String TOKEN_ISSUED = "token_issued";

  private Audit() {
  }

  public static void record(Vertx vertx, String event, JsonObject details) {
    JsonObject entry = new JsonObject().put("ts", Instant.now().toString()).put("event", event);
    if (details != null) {
      entry.mergeIn(details);
    }
    vertx.eventBus().send(SecurityApi.AUDIT, entry);
  }
}
