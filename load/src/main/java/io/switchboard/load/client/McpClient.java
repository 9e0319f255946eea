package io.switchboard.load.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * One MCP session over Streamable HTTP (a JSON-RPC POST per message to one endpoint): {@code initialize}, then
 * {@code notifications/initialized}, then requests. The server may answer a request with {@code application/json}
 * or with a {@code text/event-stream} whose events carry notifications and, at some point, the response with the
 * request's id; both are read. After initialize every message carries {@code Mcp-Session-Id} (when the server gave
 * one) and {@code MCP-Protocol-Version} (the negotiated one). Not thread-safe: use it from one Vert.x context
 * (called from a plain thread, an event stream's first chunks can arrive before its handler is set).
 */
public final class McpClient {

  public static final String PROTOCOL_VERSION = "2025-11-25";
  public static final String SESSION_HEADER = "Mcp-Session-Id";
  public static final String VERSION_HEADER = "MCP-Protocol-Version";

  /** The response to a request, whether it came in an event stream, and the body bytes both ways. */
  public record Answer(JsonObject response, boolean streamed, long bytes) {
  }

  private final HttpClient http;
  private final String endpoint;
  private final String token;
  private String sessionId;
  private String protocolVersion;
  private long nextId = 1;

  /** token: sent as a Bearer header, or null for a server without authentication. */
  public McpClient(HttpClient http, String endpoint, String token) {
    this.http = http;
    this.endpoint = endpoint;
    this.token = token;
  }

  /** initialize + notifications/initialized; completes with the initialize response. */
  public Future<Answer> initialize() {
    JsonObject params = new JsonObject().put("protocolVersion", PROTOCOL_VERSION)
        .put("capabilities", new JsonObject())
        .put("clientInfo", new JsonObject().put("name", "switchboard-load").put("version", "0.1.0"));
    return request("initialize", params).compose(a -> {
      String error = JsonRpc.error(a.response());
      String version = error == null ? a.response().getJsonObject("result").getString("protocolVersion") : null;
      if (error != null || version == null) {
        return Future.failedFuture("initialize: " + (error != null ? error : "no protocolVersion in " + a.response().encode()));
      }
      protocolVersion = version;
      return post(JsonRpc.notification("notifications/initialized"), -1).map(n -> new Answer(a.response(), a.streamed(), a.bytes() + n.bytes()));
    });
  }

  /** Sends a request and completes with its response (a JSON-RPC error is a response too, not a failure). */
  public Future<Answer> request(String method, JsonObject params) {
    long id = nextId++;
    return post(JsonRpc.request(id, method, params), id);
  }

  /** Ends the session (DELETE); a server that does not allow that (405) or forgot it (404) is fine too. */
  public Future<Void> close() {
    if (sessionId == null) {
      return Future.succeededFuture();
    }
    return http.request(options(HttpMethod.DELETE))
        .compose(req -> req.send())
        .compose(resp -> resp.body().compose(b -> resp.statusCode() < 300 || resp.statusCode() == 404 || resp.statusCode() == 405
            ? Future.<Void>succeededFuture()
            : Future.failedFuture("DELETE session: status " + resp.statusCode() + ": " + HttpCalls.sample(b))));
  }

  public String sessionId() {
    return sessionId;
  }

  public String protocolVersion() {
    return protocolVersion;
  }

  private RequestOptions options(HttpMethod method) {
    RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(endpoint)
        .setTimeout(HttpCalls.REQUEST_TIMEOUT_MS);
    if (token != null) {
      o.putHeader("Authorization", "Bearer " + token);
    }
    if (sessionId != null) {
      o.putHeader(SESSION_HEADER, sessionId);
    }
    if (protocolVersion != null) {
      o.putHeader(VERSION_HEADER, protocolVersion);
    }
    return o;
  }

  /** POSTs one message; id < 0: a notification, answered by 202 (or any 2xx) with no JSON-RPC response. */
  private Future<Answer> post(JsonObject message, long id) {
    Buffer body = Buffer.buffer(message.encode());
    RequestOptions o = options(HttpMethod.POST)
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "application/json, text/event-stream");
    Promise<Answer> answer = Promise.promise();
    http.request(o).compose(req -> req.send(body)).onComplete(ar -> {
      if (ar.failed()) {
        answer.tryFail(ar.cause());
        return;
      }
      HttpClientResponse resp = ar.result();
      if (sessionId == null && resp.getHeader(SESSION_HEADER) != null) {
        sessionId = resp.getHeader(SESSION_HEADER);
      }
      String type = String.valueOf(resp.getHeader("Content-Type"));
      if (id >= 0 && resp.statusCode() == 200 && type.startsWith("text/event-stream")) {
        readStream(resp, id, body.length(), answer);
        return;
      }
      resp.body().onFailure(answer::tryFail).onSuccess(b -> {
        long bytes = body.length() + b.length();
        if (id < 0) {
          if (resp.statusCode() / 100 == 2) {
            answer.tryComplete(new Answer(null, false, bytes));
          } else {
            answer.tryFail(message.getString("method") + ": status " + resp.statusCode() + ": " + HttpCalls.sample(b));
          }
          return;
        }
        JsonObject json = parse(b);
        if (resp.statusCode() == 200 && JsonRpc.isResponseTo(json, id)) {
          answer.tryComplete(new Answer(json, false, bytes));
        } else {
          answer.tryFail(message.getString("method") + ": status " + resp.statusCode() + " (" + type + "), not the response to request "
              + id + ": " + HttpCalls.sample(b));
        }
      });
    });
    return answer.future().timeout(HttpCalls.REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  /** Reads SSE events until the one holding the response to {@code id}; other messages are skipped. */
  private static void readStream(HttpClientResponse resp, long id, long sent, Promise<Answer> answer) {
    SseParser parser = new SseParser();
    long[] bytes = {sent};
    resp.handler(chunk -> {
      bytes[0] += chunk.length();
      parser.feed(chunk, event -> {
        JsonObject m = parse(Buffer.buffer(event.data()));
        if (JsonRpc.isResponseTo(m, id)) {
          answer.tryComplete(new Answer(m, true, bytes[0]));
        }
      });
    });
    resp.exceptionHandler(answer::tryFail);
    resp.endHandler(v -> answer.tryFail("event stream ended without the response to request " + id));
  }

  private static JsonObject parse(Buffer b) {
    try {
      return b.length() == 0 ? null : new JsonObject(b);
    } catch (RuntimeException e) {
      return null; // not a JSON object (a batch, or garbage): not the response we wait for
    }
  }
}
