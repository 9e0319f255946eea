package io.switchboard.http;

import io.switchboard.bus.ServiceError;
import io.switchboard.session.SessionService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/**
 * {@code /api/sessions}: REST over the session service. This class holds no session state; it translates HTTP
 * (bodies, query parameters, {@code ETag}/{@code If-Match}) to calls of the node's {@link SessionService} (session
 * records and their documents), made directly on this event loop, and back. An answer that does not come within
 * {@code bus.request-timeout-ms} is a 504 {@code timeout}.
 * docs/rest-api.md shows each exchange.
 */
final class SessionRoutes {

  private final SessionService sessions;
  private final long timeoutMs;

  SessionRoutes(SessionService sessions, long timeoutMs) {
    this.sessions = sessions;
    this.timeoutMs = timeoutMs;
  }

  void mount(Router router, RouteTags tags) {
    tags.post(router, "/api/sessions").handler(this::create);
    tags.get(router, "/api/sessions").handler(this::list);
    tags.get(router, "/api/sessions/:id").handler(this::get);
    tags.patch(router, "/api/sessions/:id").handler(this::update);
    tags.delete(router, "/api/sessions/:id").handler(this::delete);
    tags.get(router, "/api/sessions/:id/document").handler(this::document);
    tags.post(router, "/api/sessions/:id/edits").handler(this::edit);
    tags.get(router, "/api/sessions/:id/history").handler(this::history);
  }

  private void document(RoutingContext ctx) {
    direct(ctx, sessions.document(BearerAuthHandler.principal(ctx), ctx.pathParam("id")))
      .onSuccess(doc -> JsonBodies.send(ctx, 200, doc));
  }

  /**
   * Body {@code {"revision": 3, "op": [2, "hi", -1], "clientEditId": "e1"?, "resent": true?}}: the same rules as a
   * WebSocket edit; a resent edit the document already holds answers its first result with {@code duplicate: true}.
   */
  private void edit(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    JsonObject errors = new JsonObject();
    if (!(body.getValue("revision") instanceof Integer || body.getValue("revision") instanceof Long)) {
      errors.put("revision", "must be the integer revision the operation was made against");
    }
    if (!(body.getValue("op") instanceof io.vertx.core.json.JsonArray)) {
      errors.put("op", "must be an operation array: retain n > 0, delete -n, insert \"text\"");
    }
    for (String field : body.fieldNames()) {
      if (!field.equals("revision") && !field.equals("op") && !field.equals("clientEditId") && !field.equals("resent")) {
        errors.put(field, "unknown field");
      }
    }
    if (body.getValue("clientEditId") != null && !(body.getValue("clientEditId") instanceof String)) {
      errors.put("clientEditId", "must be a string");
    }
    if (body.getValue("resent") != null && !(body.getValue("resent") instanceof Boolean)) {
      errors.put("resent", "must be true or false");
    } else if (Boolean.TRUE.equals(body.getValue("resent")) && !(body.getValue("clientEditId") instanceof String)) {
      errors.put("resent", "a resent edit needs the clientEditId it was first sent with");
    }
    if (!errors.isEmpty()) {
      throw ServiceError.validation(errors);
    }
    direct(ctx, sessions.edit(BearerAuthHandler.principal(ctx), ctx.pathParam("id"), body.getLong("revision"),
        body.getJsonArray("op"), null, body.getString("clientEditId"), body.getBoolean("resent", false)))
      .onSuccess(event -> JsonBodies.send(ctx, 200, event));
  }

  private void history(RoutingContext ctx) {
    long since;
    int limit;
    try {
      since = Long.parseLong(ctx.queryParams().get("since") == null ? "0" : ctx.queryParams().get("since"));
      limit = ctx.queryParams().get("limit") == null ? 0 : Integer.parseInt(ctx.queryParams().get("limit"));
    } catch (NumberFormatException e) {
      throw ServiceError.validation(new JsonObject().put("since", "must be an integer revision"));
    }
    direct(ctx, sessions.documentHistory(BearerAuthHandler.principal(ctx), ctx.pathParam("id"), since, limit, null))
      .onSuccess(page -> JsonBodies.send(ctx, 200, page));
  }

  private void create(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    direct(ctx, sessions.create(BearerAuthHandler.principal(ctx), body)).onSuccess(session -> {
      ctx.response().putHeader("Location", "/api/sessions/" + session.getString("id"));
      sendSession(ctx, 201, session);
    });
  }

  private void get(RoutingContext ctx) {
    direct(ctx, sessions.get(BearerAuthHandler.principal(ctx), ctx.pathParam("id")))
      .onSuccess(session -> sendSession(ctx, 200, session));
  }

  private void list(RoutingContext ctx) {
    JsonObject req = new JsonObject();
    copyParam(ctx, "state", req);
    copyParam(ctx, "owner", req);
    copyParam(ctx, "cursor", req);
    String limit = ctx.queryParams().get("limit");
    if (limit != null) {
      try {
        req.put("limit", Integer.parseInt(limit));
      } catch (NumberFormatException e) {
        throw ServiceError.validation(new JsonObject().put("limit", "must be an integer"));
      }
    }
    direct(ctx, sessions.list(BearerAuthHandler.principal(ctx), req)).onSuccess(page -> JsonBodies.send(ctx, 200, page));
  }

  private void update(RoutingContext ctx) {
    JsonObject patch = JsonBodies.object(ctx);
    direct(ctx, sessions.update(BearerAuthHandler.principal(ctx), ctx.pathParam("id"), patch, ifMatch(ctx)))
      .onSuccess(session -> sendSession(ctx, 200, session));
  }

  private void delete(RoutingContext ctx) {
    direct(ctx, sessions.delete(BearerAuthHandler.principal(ctx), ctx.pathParam("id"), ifMatch(ctx)))
      .onSuccess(done -> ctx.response().setStatusCode(204).end());
  }

  /** The service's answer, or its error (a ServiceError already), or {@code timeout} after the bus's time. */
  private Future<JsonObject> direct(RoutingContext ctx, Future<JsonObject> answer) {
    return answer.timeout(timeoutMs, TimeUnit.MILLISECONDS)
      .recover(err -> Future.failedFuture(ServiceError.from(err)))
      .onFailure(ctx::fail);
  }

  private static void sendSession(RoutingContext ctx, int status, JsonObject session) {
    ctx.response().putHeader("ETag", etag(session.getLong("version")));
    JsonBodies.send(ctx, status, session);
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /**
   * {@code If-Match: "3"} pins the write to version 3 (answered as 3); {@code *} or no header leaves it unconditional
   * (-1).
   */
  private static long ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null || header.trim().equals("*")) {
      return -1L;
    }
    String v = header.trim();
    if (v.length() < 3 || !v.startsWith("\"") || !v.endsWith("\"")) {
      throw ServiceError.badRequest("If-Match must be an ETag returned by this API, e.g. \"3\"");
    }
    try {
      return Long.parseLong(v.substring(1, v.length() - 1));
    } catch (NumberFormatException e) {
      throw ServiceError.badRequest("If-Match must be an ETag returned by this API, e.g. \"3\"");
    }
  }

  private static void copyParam(RoutingContext ctx, String name, JsonObject req) {
    String value = ctx.queryParams().get(name);
    if (value != null) {
      req.put(name, value);
    }
  }
}
