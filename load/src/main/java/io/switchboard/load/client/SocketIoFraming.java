package io.switchboard.load.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * Envelopes carried as Socket.IO 4 events over Engine.IO v4 on a plain WebSocket (no polling, no upgrade), as
 * load/peers/socketio-relay.mjs expects: every envelope, both ways, is the event {@code m} with the envelope as
 * its one argument ({@code 42["m",{...}]}).
 *
 * <p>The handshake: the server's Engine.IO open packet {@code 0{"sid":...}} → the client sends {@code 40}
 * (CONNECT to the main namespace) → the server's {@code 40{"sid":...}} means the connection is ready, and this
 * framing yields a synthesized {@code {"type":"ready"}} envelope for it (the server sends no ready event).
 * Engine.IO pings ({@code 2}) are answered with pongs ({@code 3}) here and yield nothing.
 */
public final class SocketIoFraming implements Framing {

  public static final SocketIoFraming INSTANCE = new SocketIoFraming();
  public static final String EVENT = "m";
  public static final String PATH = "/socket.io/?EIO=4&transport=websocket";

  private SocketIoFraming() {
  }

  @Override
  public String name() {
    return "socket.io";
  }

  @Override
  public String subprotocol() {
    return null;
  }

  /** {@code ws://host:port} (or with a trailing slash) → the Engine.IO WebSocket URL; a full URL is kept. */
  @Override
  public String url(String wsUrl) {
    return wsUrl.contains("/socket.io/") ? wsUrl : wsUrl.replaceAll("/+$", "") + PATH;
  }

  @Override
  public Future<Void> send(ClientWebSocket ws, JsonObject envelope) {
    return ws.writeTextMessage(encode(envelope));
  }

  /** One envelope as a Socket.IO EVENT packet in an Engine.IO MESSAGE packet. */
  public static String encode(JsonObject envelope) {
    return "42" + new JsonArray().add(EVENT).add(envelope).encode();
  }

  @Override
  public void decode(ClientWebSocket ws, Buffer data, boolean binary, Consumer<JsonObject> out) {
    if (binary) {
      throw new IllegalArgumentException("binary Socket.IO attachments are not used by the relay");
    }
    String reply = decode(data.toString(), out);
    if (reply != null) {
      ws.writeTextMessage(reply);
    }
  }

  /**
   * Decodes one Engine.IO text packet: envelopes go to {@code out}; returns the packet to send back (CONNECT after
   * the open packet, pong after a ping) or null. Throws on a packet the relay never sends.
   */
  public static String decode(String packet, Consumer<JsonObject> out) {
    if (packet.isEmpty()) {
      throw new IllegalArgumentException("empty Engine.IO packet");
    }
    char engineType = packet.charAt(0);
    switch (engineType) {
      case '0': // OPEN {"sid", "pingInterval", ...}: connect to the main namespace
        return "40";
      case '2': // PING from the server (Engine.IO v4 heartbeats go server → client)
        return "3" + packet.substring(1);
      case '3': // PONG
      case '6': // NOOP
        return null;
      case '1': // CLOSE
        out.accept(error("socketio_close", "the server closed the Engine.IO session"));
        return null;
      case '4': // MESSAGE carrying a Socket.IO packet
        socketIo(packet.substring(1), out);
        return null;
      default:
        throw new IllegalArgumentException("unknown Engine.IO packet type '" + engineType + "'");
    }
  }

  private static void socketIo(String packet, Consumer<JsonObject> out) {
    if (packet.isEmpty()) {
      throw new IllegalArgumentException("empty Socket.IO packet");
    }
    char type = packet.charAt(0);
    String rest = packet.substring(1);
    switch (type) {
      case '0' -> out.accept(new JsonObject().put("type", "ready").put("framing", "socket.io")
          .put("sid", rest.isEmpty() ? null : new JsonObject(rest).getString("sid")));
      case '1' -> out.accept(error("socketio_disconnect", "the server disconnected the namespace"));
      case '4' -> out.accept(error("socketio_connect_error", rest));
      case '2' -> {
        // an EVENT: an optional ack id (digits) may come before the JSON array; the main namespace has no prefix
        int i = 0;
        while (i < rest.length() && Character.isDigit(rest.charAt(i))) {
          i++;
        }
        JsonArray event = new JsonArray(rest.substring(i));
        if (!EVENT.equals(event.getValue(0)) || !(event.getValue(1) instanceof JsonObject envelope)) {
          throw new IllegalArgumentException("not an envelope event: " + shorten(rest));
        }
        out.accept(envelope);
      }
      default -> throw new IllegalArgumentException("unexpected Socket.IO packet type '" + type + "': " + shorten(rest));
    }
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("type", "error").put("code", code).put("message", message);
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
