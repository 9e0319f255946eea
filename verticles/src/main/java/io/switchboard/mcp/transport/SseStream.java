package io.switchboard.mcp.transport;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A Server-Sent Events response carrying JSON-RPC messages. Every event has an id ({@code streamId-n}) so a client
 * can say where it stopped ({@code Last-Event-ID}); the first event is a priming event with an id and no data, so
 * a client can reconnect to this stream even if nothing else came.
 */
final class SseStream {

  private final HttpServerResponse response;
  private final String streamId;
  private long counter;
  private EventStore store;
  private String sessionId;

  SseStream(HttpServerResponse response, String streamId) {
    this(response, streamId, true);
  }

  /** @param prime send the priming event (Streamable HTTP); the legacy HTTP+SSE transport starts with its endpoint */
  SseStream(HttpServerResponse response, String streamId, boolean prime) {
    this.response = response;
    this.streamId = streamId;
    response.setChunked(true)
      .putHeader("Content-Type", "text/event-stream")
      .putHeader("Cache-Control", "no-cache, no-transform")
      .putHeader("X-Accel-Buffering", "no");
    if (prime) {
      response.write("id: " + nextId() + "\nretry: 1000\ndata: \n\n");
    }
  }

  private String nextId() {
    return streamId + "-" + (counter++);
  }

  /** Keeps every event of this stream for resumption ({@code Last-Event-ID}). */
  SseStream resumable(EventStore store, String sessionId) {
    this.store = store;
    this.sessionId = sessionId;
    return this;
  }

  boolean open() {
    return !response.ended() && !response.closed();
  }

  /** Sends a message as an event; once the client has gone, a resumable stream still stores it for a resume. */
  void send(JsonObject message) {
    String id = nextId();
    boolean open = open();
    if (store != null) {
      store.store(sessionId, id, message, open);
    }
    if (open) {
      sendAs(id, message);
    }
  }

  /** Writes an event with a given id (a replayed one keeps its original id). */
  void sendAs(String id, JsonObject message) {
    if (open()) {
      response.write("id: " + id + "\nevent: message\ndata: " + message.encode() + "\n\n");
    }
  }

  void comment(String text) {
    if (open()) {
      response.write(": " + text + "\n\n");
    }
  }

  void end() {
    if (open()) {
      response.end();
    }
  }
}
