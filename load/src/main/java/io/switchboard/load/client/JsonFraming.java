package io.switchboard.load.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/** Switchboard's JSON encoding: one envelope per text frame, subprotocol {@code switchboard.v1.json}. */
public final class JsonFraming implements Framing {

  public static final JsonFraming INSTANCE = new JsonFraming(true);
  /** The same frames without offering a subprotocol (peers that know none). */
  public static final JsonFraming PLAIN = new JsonFraming(false);

  private final boolean offerSubprotocol;

  private JsonFraming(boolean offerSubprotocol) {
    this.offerSubprotocol = offerSubprotocol;
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public String subprotocol() {
    return offerSubprotocol ? "switchboard.v1.json" : null;
  }

  @Override
  public Future<Void> send(ClientWebSocket ws, JsonObject envelope) {
    return ws.writeTextMessage(envelope.encode());
  }

  @Override
  public void decode(ClientWebSocket ws, Buffer data, boolean binary, Consumer<JsonObject> out) {
    out.accept(new JsonObject(data));
  }
}
