package io.switchboard.bridge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.Queue;

/** The SockJS bridge's raw WebSocket transport ({@code /eventbus/websocket}), as a test drives it. */
public final class SockJsSockets {

  private SockJsSockets() {
  }

  /**
   * Opens {@code /eventbus/websocket} with the token as the {@code access_token} cookie and this {@code Origin} (null:
   * none at all, as a non-browser client); every frame received goes to {@code inbox} as JSON. Fails with the
   * upgrade's refusal. The client is closed with the socket.
   */
  public static Future<WebSocket> open(Vertx vertx, int httpPort, String origin, String cookieToken,
                                       Queue<JsonObject> inbox) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(httpPort)
      .setURI("/eventbus/websocket").addHeader("Cookie", "access_token=" + cookieToken);
    if (origin != null) {
      options.addHeader("Origin", origin);
    } else {
      options.setAllowOriginHeader(false);
    }
    Promise<WebSocket> connected = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.connect(options).onSuccess(ws -> {
      ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
      ws.binaryMessageHandler(b -> inbox.add(new JsonObject(b)));
      ws.closeHandler(c -> client.close());
    }).onComplete(connected));
    return connected.future();
  }
}
