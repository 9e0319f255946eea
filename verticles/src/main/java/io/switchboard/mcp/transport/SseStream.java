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

  boolean open() {
    return !response.ended() && !response.closed();
  }

  void send(JsonObject message) {
    if (open()) {
      response.write("id: " + nextId() + "\nevent: message\ndata: " + message.encode() + "\n\n");
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
