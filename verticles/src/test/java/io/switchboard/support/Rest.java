package io.switchboard.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** A small REST client over a real socket to one node. */
public final class Rest {

  private final WebClient client;
  private final int port;

  public Rest(Vertx vertx, int port) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    this.port = port;
  }

  public int port() {
    return port;
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
    HttpRequest<Buffer> req = client.request(method, path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req;
  }

  public Future<HttpResponse<Buffer>> get(String path, String token) {
    return request(HttpMethod.GET, path, token).send();
  }

  public Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body) {
    return request(HttpMethod.POST, path, token).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> patch(String path, String token, JsonObject body, String ifMatch) {
    HttpRequest<Buffer> req = request(HttpMethod.PATCH, path, token);
    if (ifMatch != null) {
      req.putHeader("If-Match", ifMatch);
    }
    return req.sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> delete(String path, String token, String ifMatch) {
    HttpRequest<Buffer> req = request(HttpMethod.DELETE, path, token);
    if (ifMatch != null) {
      req.putHeader("If-Match", ifMatch);
    }
    return req.send();
  }

  /** Creates a session and returns its JSON (fails the future unless 201). */
  public Future<JsonObject> createSession(String token, String title) {
    return post("/api/sessions", token, new JsonObject().put("title", title)).compose(r -> r.statusCode() == 201
      ? Future.succeededFuture(r.bodyAsJsonObject())
      : Future.failedFuture("create answered " + r.statusCode() + " " + r.bodyAsString()));
  }

  /** Applies an operation to a session's document over REST ({@code POST /api/sessions/{id}/edits}). */
  public Future<HttpResponse<Buffer>> edit(String token, String session, long revision, JsonArray op) {
    return post("/api/sessions/" + session + "/edits", token, new JsonObject().put("revision", revision).put("op", op));
  }

  /** The stable error code of an error response. */
  public static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  public void close() {
    client.close();
  }
}
