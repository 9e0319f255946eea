package io.switchboard.mcp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** How the dispatcher reaches the client of a session while handling a request: the transport provides it. */
public interface ClientChannel {

  /** Sends a notification (progress, log message...) related to the request being handled. */
  void notify(JsonObject notification);

  /** Sends a request to the client (sampling, elicitation, roots, ping) and completes with its result. */
  Future<JsonObject> request(String method, JsonObject params);
}
