package io.switchboard.load.client;

import io.switchboard.protocol.codec.Frames;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * Switchboard's MsgPack encoding: one envelope per binary frame, subprotocol {@code switchboard.v1.msgpack}
 * (docs/protocol/websocket.md section 1). Frames are written and read with eventbus-codecs' own tree codec, so
 * the value mapping is exactly the server's. A text frame (the server never sends one on this subprotocol, but
 * a frame is read by its own type) is read as JSON.
 */
public final class MsgPackFraming implements Framing {

  public static final MsgPackFraming INSTANCE = new MsgPackFraming();

  private MsgPackFraming() {
  }

  @Override
  public String name() {
    return "msgpack";
  }

  @Override
  public String subprotocol() {
    return "switchboard.v1.msgpack";
  }

  @Override
  public Future<Void> send(ClientWebSocket ws, JsonObject envelope) {
    return ws.writeBinaryMessage(Frames.encodeMsgPackTree(envelope));
  }

  @Override
  public void decode(ClientWebSocket ws, Buffer data, boolean binary, Consumer<JsonObject> out) {
    out.accept(binary ? Frames.decodeMsgPackTree(data) : new JsonObject(data));
  }
}
