package io.switchboard.load.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client WebSocket to a server, in a {@link Framing}. {@link #open} completes when the server's
 * {@code ready} envelope arrives (so the time to it covers TCP connect, the upgrade, the JWT check
 * and the first frame); every later frame goes to the handler, parsed.
 */
public final class Conn {

  public static final long OPEN_TIMEOUT_MS = 5_000;

  private final ClientWebSocket ws;
  private final Framing framing;
  private volatile Consumer<JsonObject> handler = m -> { };
  private volatile Runnable closeHandler = () -> { };
  private volatile boolean closed;
  private JsonObject ready;

  private Conn(ClientWebSocket ws, Framing framing) {
    this.ws = ws;
    this.framing = framing;
  }

  /**
   * The largest frame and message the client accepts: a 64 KiB publish comes back as a deliver frame a little
   * larger than 64 KiB (Vert.x's default limit), and the node itself allows 1 MiB.
   */
  public static final int MAX_FRAME_BYTES = 1024 * 1024;

  /** maxConnections: WebSockets open at once to one host; more wait in the client's queue. */
  public static WebSocketClient client(Vertx vertx, int maxConnections) {
    return client(vertx, maxConnections, null);
  }

  /** As {@link #client(Vertx, int)}, with every connection bound to {@code localAddress} (null: the system's choice). */
  public static WebSocketClient client(Vertx vertx, int maxConnections, String localAddress) {
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setConnectTimeout((int) OPEN_TIMEOUT_MS)
        .setMaxConnections(maxConnections)
        .setMaxFrameSize(MAX_FRAME_BYTES)
        .setMaxMessageSize(MAX_FRAME_BYTES)
        .setTryUsePerMessageCompression(false);
    if (localAddress != null) {
      options.setLocalAddress(localAddress);
    }
    return vertx.createWebSocketClient(options);
  }

  /** Switchboard's JSON encoding; see {@link #open(WebSocketClient, String, String, Framing)}. */
  public static Future<Conn> open(WebSocketClient client, String wsUrl, String token) {
    return open(client, wsUrl, token, JsonFraming.INSTANCE);
  }

  /**
   * Connects with the token (if any) as a Bearer header and waits for the first envelope, which must be
   * {@code ready}; every later envelope goes to the handler.
   */
  public static Future<Conn> open(WebSocketClient client, String wsUrl, String token, Framing framing) {
    ClientWebSocket ws = client.webSocket();
    Conn conn = new Conn(ws, framing);
    Promise<Conn> ready = Promise.promise();
    Consumer<JsonObject> deliver = m -> {
      if (conn.ready == null) {
        if ("ready".equals(m.getString("type"))) {
          conn.ready = m;
          ready.tryComplete(conn);
        } else {
          ready.tryFail("first frame is not ready: " + m.encode());
        }
        return;
      }
      conn.handler.accept(m);
    };
    ws.textMessageHandler(text -> conn.receive(Buffer.buffer(text), false, deliver, ready));
    ws.binaryMessageHandler(data -> conn.receive(data, true, deliver, ready));
    ws.exceptionHandler(err -> ready.tryFail(err));
    ws.closeHandler(v -> {
      conn.closed = true;
      if (!ready.tryFail("closed before ready (status " + ws.closeStatusCode() + " " + ws.closeReason() + ")")) {
        conn.closeHandler.run();
      }
    });
    WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(framing.url(wsUrl));
    if (framing.subprotocol() != null) {
      options.addSubProtocol(framing.subprotocol());
    }
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    ws.connect(options).onFailure(ready::tryFail);
    return ready.future().timeout(OPEN_TIMEOUT_MS, TimeUnit.MILLISECONDS).onFailure(err -> {
      try {
        ws.close();
      } catch (RuntimeException ignored) {
        // never connected
      }
    });
  }

  private void receive(Buffer data, boolean binary, Consumer<JsonObject> deliver, Promise<Conn> ready) {
    try {
      framing.decode(ws, data, binary, deliver);
    } catch (RuntimeException e) {
      if (!ready.tryFail("undecodable frame: " + e.getMessage())) {
        handler.accept(new JsonObject().put("type", "client-error").put("message", "undecodable frame: " + e.getMessage()));
      }
    }
  }

  public JsonObject ready() {
    return ready;
  }

  public Conn handler(Consumer<JsonObject> handler) {
    this.handler = handler;
    return this;
  }

  /** Called when the socket closes after {@code ready} (not on a close the client asked for, see {@link #close}). */
  public Conn closeHandler(Runnable closeHandler) {
    this.closeHandler = closeHandler;
    return this;
  }

  public boolean closed() {
    return closed;
  }

  /** The close frame's status and reason once closed ({@code null} values when the socket ended without one). */
  public String closeStatus() {
    return ws.closeStatusCode() + " " + ws.closeReason();
  }

  public Future<Void> send(JsonObject message) {
    return framing.send(ws, message);
  }

  public Framing framing() {
    return framing;
  }

  public Future<Void> close() {
    closeHandler = () -> { };
    return closed ? Future.succeededFuture() : ws.close();
  }

  /** A development token from {@code POST <url>/api/auth/token} (loopback nodes without a key only). */
  public static Future<String> devToken(Vertx vertx, String url, String sub) {
    HttpClient http = vertx.createHttpClient();
    return devToken(http, url, sub).eventually(() -> http.close());
  }

  /**
   * {@code n} development tokens, users {@code prefix + i}, fetched {@value #TOKEN_FETCHES_IN_FLIGHT} at a time over one
   * pooled client; in order.
   */
  public static Future<java.util.List<String>> devTokens(Vertx vertx, String url, String prefix, int n) {
    HttpClient http = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(TOKEN_FETCHES_IN_FLIGHT));
    String[] tokens = new String[n];
    return fetchTokens(http, url, prefix, tokens, 0).map(v -> java.util.List.of(tokens)).eventually(() -> http.close());
  }

  static final int TOKEN_FETCHES_IN_FLIGHT = 16;

  private static Future<Void> fetchTokens(HttpClient http, String url, String prefix, String[] tokens, int from) {
    if (from >= tokens.length) {
      return Future.succeededFuture();
    }
    int to = Math.min(tokens.length, from + TOKEN_FETCHES_IN_FLIGHT * 4);
    java.util.List<Future<String>> batch = new java.util.ArrayList<>();
    for (int i = from; i < to; i++) {
      int k = i;
      batch.add(devToken(http, url, prefix + k).onSuccess(t -> tokens[k] = t));
    }
    return Future.all(batch).compose(v -> fetchTokens(http, url, prefix, tokens, to));
  }

  /** The same through a client the caller keeps (and pools), for many tokens in a row. */
  public static Future<String> devToken(HttpClient http, String url, String sub) {
    JsonObject body = new JsonObject().put("sub", sub).put("roles", new io.vertx.core.json.JsonArray().add("user"))
        .put("ttlSeconds", 3600);
    return http.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setAbsoluteURI(url.replaceAll("/+$", "") + "/api/auth/token")
            .putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(body.encode())))
        .compose(resp -> resp.body().compose(b -> resp.statusCode() == 200
            ? Future.succeededFuture(new JsonObject(b).getString("token"))
            : Future.failedFuture("POST /api/auth/token answered " + resp.statusCode() + ": " + b)))
        .timeout(OPEN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }
}
