package io.switchboard.load.peer;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * One event loop's share of {@link VertxRest}: core {@code HttpServer}, the path split by hand (no router), bodies
 * read whole, JSON in and out. Answers what the suite's {@code rest} scenario checks: status, session fields,
 * {@code ETag} = {@code "version"}, {@code If-Match}, {@code Location}, pages with {@code nextCursor}.
 */
final class RestVerticle extends VerticleBase {

  private static final String BASE = "/api/sessions";
  private static final int MAX_PAGE = 200;

  private final RestStore store;
  private final String host;
  private final int port;
  private HttpServer server;

  RestVerticle(RestStore store, String host, int port) {
    this.store = store;
    this.host = host;
    this.port = port;
  }

  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    server.requestHandler(this::handle);
    return server.listen();
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (!path.startsWith(BASE)) {
      error(req, 404, "not_found", "no such resource");
      return;
    }
    String rest = path.substring(BASE.length());
    HttpMethod m = req.method();
    if (rest.isEmpty()) {
      if (m == HttpMethod.POST) {
        req.body().onSuccess(body -> create(req, body));
      } else if (m == HttpMethod.GET) {
        list(req);
      } else {
        error(req, 405, "method_not_allowed", "POST or GET");
      }
      return;
    }
    String id = rest.substring(1);
    if (m == HttpMethod.GET) {
      JsonObject s = store.get(id);
      if (s == null) {
        error(req, 404, "not_found", "no such session");
      } else {
        session(req, 200, s);
      }
    } else if (m == HttpMethod.PATCH) {
      req.body().onSuccess(body -> update(req, id, body));
    } else if (m == HttpMethod.DELETE) {
      long ifMatch = ifMatch(req);
      int status = store.delete(id, ifMatch);
      if (status == 204) {
        req.response().setStatusCode(204).end();
      } else {
        error(req, status, status == 404 ? "not_found" : "precondition_failed", "delete refused");
      }
    } else {
      error(req, 405, "method_not_allowed", "GET, PATCH or DELETE");
    }
  }

  private void create(HttpServerRequest req, Buffer body) {
    JsonObject b = json(req, body);
    if (b == null) {
      return;
    }
    String title = b.getValue("title") instanceof String t ? t : null;
    if (title == null) {
      error(req, 422, "validation_failed", "title must be a string");
      return;
    }
    JsonObject s = store.create(title, b.getLong("ttlSeconds", 3600L));
    req.response().putHeader("Location", BASE + "/" + s.getString("id"));
    session(req, 201, s);
  }

  private void update(HttpServerRequest req, String id, Buffer body) {
    JsonObject b = json(req, body);
    if (b == null) {
      return;
    }
    RestStore.Outcome o = store.update(id, b.getValue("title") instanceof String t ? t : null, ifMatch(req));
    switch (o.status()) {
      case 200 -> session(req, 200, o.session());
      case 412 -> error(req, 412, "precondition_failed", "the session has changed");
      default -> error(req, 404, "not_found", "no such session");
    }
  }

  private void list(HttpServerRequest req) {
    int limit;
    try {
      String l = req.getParam("limit");
      limit = l == null ? 50 : Integer.parseInt(l);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_PAGE) {
      error(req, 422, "validation_failed", "limit must be between 1 and " + MAX_PAGE);
      return;
    }
    String cursor = req.getParam("cursor");
    RestStore.Key after = cursor == null ? null : RestStore.Key.fromCursor(cursor);
    if (cursor != null && after == null) {
      error(req, 422, "validation_failed", "cursor is not a cursor this API returned");
      return;
    }
    send(req, 200, store.page(after, limit));
  }

  private static JsonObject json(HttpServerRequest req, Buffer body) {
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      error(req, 400, "malformed", "the body must be a JSON object");
      return null;
    }
  }

  /** {@code If-Match: "3"} → 3; absent or {@code *} → -1 (unconditional). */
  private static long ifMatch(HttpServerRequest req) {
    String h = req.getHeader("If-Match");
    if (h == null || h.trim().equals("*")) {
      return -1;
    }
    try {
      return Long.parseLong(h.trim().replace("\"", ""));
    } catch (NumberFormatException e) {
      return -2; // matches no version
    }
  }

  private static void session(HttpServerRequest req, int status, JsonObject s) {
    req.response().putHeader("ETag", "\"" + s.getLong("version") + "\"");
    send(req, status, RestStore.view(s));
  }

  private static void send(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  private static void error(HttpServerRequest req, int status, String code, String message) {
    send(req, status, new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)));
  }
}
