package io.switchboard.mcp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately plain MCP Streamable HTTP client for tests: raw JSON-RPC over POST /mcp (Accept
 * {@code application/json, text/event-stream}) and GET SSE streams, so tests see exactly what goes over the wire.
 */
public final class RawMcp {

  static final String ACCEPT = "application/json, text/event-stream";
  static final String SESSION = "Mcp-Session-Id";
  static final String VERSION = "MCP-Protocol-Version";

  private final Vertx vertx;
  private final WebClient web;
  private final HttpClient http;
  private final int port;
  private final String token;
  private final AtomicLong ids = new AtomicLong(1);
  String sessionId;
  String protocolVersion;

  public RawMcp(Vertx vertx, int port, String token) {
    this.vertx = vertx;
    this.web = WebClient.create(vertx);
    this.http = vertx.createHttpClient();
    this.port = port;
    this.token = token;
  }

  long nextId() {
    return ids.getAndIncrement();
  }

  /** A POST to /mcp with the session's headers (token, session id, negotiated version) when known. */
  HttpRequest<Buffer> post() {
    HttpRequest<Buffer> req = web.post(port, "127.0.0.1", "/mcp")
      .putHeader("Accept", ACCEPT).putHeader("Content-Type", "application/json");
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    if (sessionId != null) {
      req.putHeader(SESSION, sessionId);
    }
    if (protocolVersion != null) {
      req.putHeader(VERSION, protocolVersion);
    }
    return req;
  }

  /** DELETE /mcp: ends the session. */
  Future<HttpResponse<Buffer>> delete() {
    HttpRequest<Buffer> req = web.delete(port, "127.0.0.1", "/mcp").putHeader(SESSION, sessionId);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req.send();
  }

  Future<HttpResponse<Buffer>> send(String raw) {
    return post().sendBuffer(Buffer.buffer(raw));
  }

  Future<HttpResponse<Buffer>> send(Object json) {
    return send(Json.encode(json));
  }

  static JsonObject initializeMessage(Object id, String version) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", "initialize").put("params", new JsonObject()
      .put("protocolVersion", version).put("capabilities", new JsonObject())
      .put("clientInfo", new JsonObject().put("name", "switchboard-raw-test").put("version", "1")));
  }

  /** initialize + notifications/initialized; remembers the session id and version. Completes with the init result. */
  public Future<JsonObject> initialize(String version) {
    return send(initializeMessage(nextId(), version)).compose(r -> {
      if (r.statusCode() != 200) {
        return Future.failedFuture("initialize answered " + r.statusCode() + " " + r.bodyAsString());
      }
      sessionId = r.getHeader(SESSION);
      JsonObject result = single(r).getJsonObject("result");
      protocolVersion = result.getString("protocolVersion");
      return send(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized"))
        .compose(n -> n.statusCode() == 202 ? Future.succeededFuture(result)
          : Future.failedFuture("notifications/initialized answered " + n.statusCode()));
    });
  }

  /** A request; completes with the whole JSON-RPC response (result or error), from JSON or from an SSE stream. */
  Future<JsonObject> request(String method, JsonObject params) {
    long id = nextId();
    JsonObject msg = new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method);
    if (params != null) {
      msg.put("params", params);
    }
    return send(msg).compose(r -> {
      if (r.statusCode() != 200) {
        return Future.failedFuture(method + " answered HTTP " + r.statusCode() + " " + r.bodyAsString());
      }
      return messages(r).stream().filter(m -> Long.valueOf(id).equals(m.getLong("id"))).findFirst()
        .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture("no response to " + method + " in " + r.bodyAsString()));
    });
  }

  /** The result of a request (fails on a JSON-RPC error). */
  public Future<JsonObject> result(String method, JsonObject params) {
    return request(method, params).compose(r -> r.containsKey("result") ? Future.succeededFuture(r.getJsonObject("result"))
      : Future.failedFuture(method + " failed: " + r.encode()));
  }

  /** Every JSON-RPC message in a response: the JSON body, or the data of each SSE event. */
  static List<JsonObject> messages(HttpResponse<Buffer> r) {
    String type = String.valueOf(r.getHeader("Content-Type"));
    List<JsonObject> out = new ArrayList<>();
    if (type.startsWith("text/event-stream")) {
      out.addAll(sse(r.bodyAsString()));
    } else if (r.body() != null && r.body().length() > 0) {
      out.add(r.bodyAsJsonObject());
    }
    return out;
  }

  /** The one message of a response (JSON or SSE). */
  static JsonObject single(HttpResponse<Buffer> r) {
    List<JsonObject> all = messages(r);
    if (all.size() != 1) {
      throw new AssertionError("expected one message, got " + all + " from " + r.bodyAsString());
    }
    return all.get(0);
  }

  /** The JSON data of every complete SSE event in {@code text} (events without data, e.g. priming, are skipped). */
  static List<JsonObject> sse(String text) {
    List<JsonObject> out = new ArrayList<>();
    for (String event : text.replace("\r\n", "\n").split("\n\n")) {
      StringBuilder data = new StringBuilder();
      for (String line : event.split("\n")) {
        if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
      if (!data.isEmpty()) {
        out.add(new JsonObject(data.toString()));
      }
    }
    return out;
  }

  /** A GET SSE stream of the session, read as it comes. */
  Future<Stream> openStream() {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
      .setURI("/mcp").putHeader("Accept", "text/event-stream");
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    options.putHeader(SESSION, sessionId);
    if (protocolVersion != null) {
      options.putHeader(VERSION, protocolVersion);
    }
    return http.request(options).compose(req -> req.send()).compose(resp -> {
      if (resp.statusCode() != 200) {
        return resp.body().compose(b -> Future.failedFuture("GET answered " + resp.statusCode() + " " + b));
      }
      return Future.succeededFuture(new Stream(resp));
    });
  }

  /** Messages of a GET stream as they arrive; {@link #primed()} once the priming event came. */
  static final class Stream {
    final HttpClientResponse response;
    final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder received = new StringBuilder();
    private volatile boolean primed;

    Stream(HttpClientResponse response) {
      this.response = response;
      response.handler(chunk -> {
        synchronized (pending) {
          if (received.length() < 4096) {
            received.append(chunk.toString());
          }
          pending.append(chunk.toString().replace("\r\n", "\n"));
          int end;
          while ((end = pending.indexOf("\n\n")) >= 0) {
            String event = pending.substring(0, end + 2);
            pending.delete(0, end + 2);
            if (event.contains("id:")) {
              primed = true;
            }
            messages.addAll(sse(event));
          }
        }
      });
    }

    boolean primed() {
      return primed;
    }

    /** What arrived so far (the first 4 KiB), for a failure message. */
    String received() {
      synchronized (pending) {
        return "HTTP " + response.statusCode() + " " + response.headers() + " body so far: [" + received + "]";
      }
    }

    boolean has(String method) {
      return messages.stream().anyMatch(m -> method.equals(m.getString("method")));
    }

    void close() {
      response.request().connection().close();
    }
  }

  void close() {
    web.close();
    http.close();
  }
}
