package io.switchboard.load.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * How envelopes ({@code {"type":"publish",...}} as in docs/protocol/websocket.md) travel on one kind of
 * server: Switchboard's JSON or MsgPack frames, or a peer's own framing (Socket.IO). Scenarios speak envelopes
 * only, so the same scenario drives Switchboard and the peers with the same message shapes.
 */
public interface Framing {

  /** Short name for reports, e.g. {@code json}. */
  String name();

  /** The WebSocket subprotocol to offer, or null for none. */
  String subprotocol();

  /** The URL to connect to for the given endpoint (a peer framing may add query parameters). */
  default String url(String wsUrl) {
    return wsUrl;
  }

  /** Encodes and writes one envelope. */
  Future<Void> send(ClientWebSocket ws, JsonObject envelope);

  /**
   * Decodes one received message into zero or more envelopes. Control traffic of the framing itself (a
   * Socket.IO ping) is answered here on {@code ws} and yields nothing. Throws on an undecodable message.
   */
  void decode(ClientWebSocket ws, Buffer data, boolean binary, Consumer<JsonObject> out);
}
