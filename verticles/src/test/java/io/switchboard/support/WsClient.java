package io.switchboard.support;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.codec.Frames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test client of the WebSocket gateway over a real socket, in either encoding. Received messages are kept as
 * JSON (MsgPack frames decoded with the protocol module) and handed out by type, in arrival order.
 */
public final class WsClient {

  private final WebSocketClient client;
  private final WebSocket ws;
  private final Encoding encoding;
  private final List<JsonObject> inbox = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Promise<Short> closed = Promise.promise();
  private String closeReason;
  private java.util.function.Consumer<JsonObject> handler;

  private record Waiter(String type, Promise<JsonObject> promise) {
  }

  private WsClient(WebSocketClient client, WebSocket ws, Encoding encoding) {
    this.client = client;
    this.ws = ws;
    this.encoding = encoding;
    ws.textMessageHandler(t -> received(new JsonObject(t)));
    ws.binaryMessageHandler(b -> received(Frames.toJson(Frames.decode(b, Encoding.MSGPACK))));
    ws.closeHandler(v -> {
      closeReason = ws.closeReason();
      closed.tryComplete(ws.closeStatusCode());
    });
  }

  public static WebSocketConnectOptions options(int port, String token) {
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
    if (token != null) {
      o.addHeader("Authorization", "Bearer " + token);
    }
    return o;
  }

  public static Future<WsClient> connect(Vertx vertx, int port, String token, Encoding encoding) {
    WebSocketConnectOptions o = options(port, token);
    o.addSubProtocol(encoding.subprotocol());
    return connect(vertx, o, encoding);
  }

  /**
   * Connects with the handlers already installed ({@code ClientWebSocket}: handlers first, then {@code connect}), so no
   * frame the server sends right after the upgrade (its {@code ready}) can arrive before them. They used to be
   * installed when the connect future completed, which from a plain thread could lose that frame (it was then done on
   * a Vert.x context); a 2-node cluster test still once waited 10 s for a {@code ready} in a loaded CI run, and this
   * order leaves no window at all.
   */
  public static Future<WsClient> connect(Vertx vertx, WebSocketConnectOptions options, Encoding encoding) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(16 * 1024 * 1024)
      .setMaxMessageSize(16 * 1024 * 1024));
    ClientWebSocket ws = client.webSocket();
    WsClient c = new WsClient(client, ws, encoding);
    return ws.connect(options).map(connected -> c);
  }

  /** From now on every message goes to {@code handler}, in arrival order, instead of the inbox. */
  public void handler(java.util.function.Consumer<JsonObject> handler) {
    this.handler = handler;
  }

  /**
   * On the connection's event loop, while a test may call {@link #next} from its own thread: the inbox and the
   * waiters are touched under this object's lock only (an unguarded iteration failed once with a
   * ConcurrentModificationException), and a waiter is completed outside it.
   */
  private void received(JsonObject m) {
    if (handler != null) {
      handler.accept(m);
      return;
    }
    Waiter taken = null;
    synchronized (this) {
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.type().equals(m.getString("type"))) {
          it.remove();
          taken = w;
          break;
        }
      }
      if (taken == null) {
        inbox.add(m);
      }
    }
    if (taken != null) {
      taken.promise().complete(m);
    }
  }

  /** The next message of this type (already received or yet to come), within 10 s. */
  public Future<JsonObject> next(String type) {
    Promise<JsonObject> p = Promise.promise();
    synchronized (this) {
      for (Iterator<JsonObject> it = inbox.iterator(); it.hasNext(); ) {
        JsonObject m = it.next();
        if (type.equals(m.getString("type"))) {
          it.remove();
          return Future.succeededFuture(m);
        }
      }
      waiters.add(new Waiter(type, p));
    }
    // On timeout, say what did arrive: an error instead of an ack tells more than "Timeout fired".
    return p.future().timeout(10, TimeUnit.SECONDS).recover(err -> Future.failedFuture(new AssertionError(
      "no '" + type + "' within 10 s; received and not taken: " + inbox().stream().map(m -> m.getString("type")
        + ("error".equals(m.getString("type")) ? m.encode() : "")).toList(), err)));
  }

  /** The next {@code n} messages of this type, in order. */
  public Future<List<JsonObject>> next(String type, int n) {
    List<JsonObject> out = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < n; i++) {
      chain = chain.compose(v -> next(type).map(m -> {
        out.add(m);
        return null;
      }));
    }
    return chain.map(v -> out);
  }

  /** Messages received and not yet taken, of any type (a copy). */
  public synchronized List<JsonObject> inbox() {
    return new ArrayList<>(inbox);
  }

  /** Sends in this client's encoding. */
  public Future<Void> send(JsonObject message) {
    return encoding == Encoding.MSGPACK
      ? ws.writeBinaryMessage(Frames.encodeMsgPack(Frames.fromJson(message)))
      : ws.writeTextMessage(message.encode());
  }

  public Future<Void> sendText(String text) {
    return ws.writeTextMessage(text);
  }

  public Future<Void> sendBinary(Buffer bytes) {
    return ws.writeBinaryMessage(bytes);
  }

  public WebSocket socket() {
    return ws;
  }

  /** The close status the server sent, within 30 s. */
  public Future<Short> closed() {
    return closed.future().timeout(30, TimeUnit.SECONDS);
  }

  public String closeReason() {
    return closeReason;
  }

  public Future<Void> close() {
    return ws.close().eventually(client::close);
  }
}
