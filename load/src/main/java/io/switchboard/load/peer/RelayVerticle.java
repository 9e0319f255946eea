package io.switchboard.load.peer;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/** One event loop's share of {@link VertxRelay}: a WebSocket server on the shared port speaking the relay subset. */
final class RelayVerticle extends VerticleBase {

  /** Messages up to 1 MiB, as Switchboard's ws.max-frame-bytes, so the 64 KiB size-matrix step fits. */
  static final int MAX_MESSAGE_BYTES = 1 << 20;

  private final RelayHub hub;
  private final String host;
  private final int port;
  private HttpServer server;

  RelayVerticle(RelayHub hub, String host, int port) {
    this.hub = hub;
    this.host = host;
    this.port = port;
  }

  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setMaxWebSocketFrameSize(MAX_MESSAGE_BYTES)
        .setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false));
    server.webSocketHandler(this::connected);
    return server.listen();
  }

  private void connected(ServerWebSocket ws) {
    Set<String> subscribed = new HashSet<>();
    ws.textMessageHandler(text -> {
      JsonObject m;
      try {
        m = new JsonObject(text);
      } catch (RuntimeException e) {
        error(ws, "malformed", "not a JSON object", null);
        return;
      }
      handle(ws, m, subscribed);
    });
    ws.binaryMessageHandler(b -> error(ws, "malformed", "this relay speaks JSON text frames only", null));
    ws.closeHandler(v -> subscribed.forEach(t -> hub.unsubscribe(t, ws)));
    ws.writeTextMessage("{\"type\":\"ready\"}");
  }

  private void handle(ServerWebSocket ws, JsonObject m, Set<String> subscribed) {
    String type = m.getString("type", "");
    Object id = m.getValue("id");
    String topic = m.getValue("topic") instanceof String s ? s : null;
    switch (type) {
      case "ping" -> ws.writeTextMessage(new JsonObject().put("type", "pong").put("ts", m.getValue("ts")).encode());
      case "publish" -> {
        if (topic == null) {
          error(ws, "missing_field", "missing field 'topic'", id);
        } else {
          hub.publish(ws, m);
        }
      }
      case "subscribe", "unsubscribe" -> {
        if (topic == null) {
          error(ws, "missing_field", "missing field 'topic'", id);
          return;
        }
        boolean sub = type.equals("subscribe");
        if (sub && subscribed.add(topic)) {
          hub.subscribe(topic, ws);
        } else if (!sub && subscribed.remove(topic)) {
          hub.unsubscribe(topic, ws);
        }
        ws.writeTextMessage(new JsonObject().put("type", sub ? "subscribed" : "unsubscribed").put("id", id)
            .put("topic", topic).encode());
      }
      default -> error(ws, "unknown_type", "the relay knows ping, subscribe, unsubscribe and publish", id);
    }
  }

  private static void error(ServerWebSocket ws, String code, String message, Object ref) {
    ws.writeTextMessage(new JsonObject().put("type", "error").put("code", code).put("message", message)
        .put("ref", ref).encode());
  }
}
