package io.switchboard.mcp.transport;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.ClusterFutures;
import io.switchboard.cluster.OwnerReads;
import io.switchboard.mcp.ClientChannel;
import io.switchboard.mcp.JsonRpc;
import io.switchboard.mcp.McpApi;
import io.switchboard.mcp.McpDispatcher;
import io.switchboard.mcp.McpProtocol;
import io.switchboard.mcp.McpSession;
import io.switchboard.mcp.McpSettings;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.security.Principal;
import io.switchboard.security.RateLimiter;
import io.switchboard.security.TokenVerifier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * MCP Streamable HTTP (revision 2025-11-25, and the older ones it negotiates down to) on one endpoint:
 * POST carries client messages (answered with JSON, or an SSE stream when the request may produce notifications
 * and the client accepts it; notifications and responses get 202), GET opens the session's stream of server
 * messages, DELETE ends the session. Sessions ({@code Mcp-Session-Id}) live in the cluster: any node serves any.
 */
public final class StreamableHttpTransport {

  public static final String SESSION_HEADER = "Mcp-Session-Id";
  public static final String VERSION_HEADER = "MCP-Protocol-Version";
  public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";
  private static final Set<String> STREAMED = Set.of("tools/call", "resources/read", "prompts/get", "completion/complete");
  private static final Principal ANONYMOUS = new Principal("anonymous", Set.of(Principal.ROLE_USER));

  private final Vertx vertx;
  private final Context context;
  private final McpSettings settings;
  private final TokenVerifier verifier;
  private final McpDispatcher dispatcher;
  private final IMap<String, HazelcastJsonValue> sessions;
  private final EventStore events;
  private final RateLimiter limiter;
  private final OpenConnections open;

  /** @param limiter the node's per-principal request budget, the one REST requests draw on too */
  public StreamableHttpTransport(Vertx vertx, Context context, McpSettings settings, TokenVerifier verifier,
                                 McpDispatcher dispatcher, IMap<String, HazelcastJsonValue> sessions,
                                 IMap<String, HazelcastJsonValue> events, RateLimiter limiter) {
    this.vertx = vertx;
    this.limiter = limiter;
    this.open = OpenConnections.of(vertx);
    this.context = context;
    this.settings = settings;
    this.verifier = verifier;
    this.dispatcher = dispatcher;
    this.sessions = sessions;
    this.ownedSessions = OwnerReads.of(sessions);
    this.events = new EventStore(vertx, context, events);
    // The per-principal count at initialize is a query: indexed, it reads that principal's sessions, not the map.
    // (Idempotent: every transport instance of every node asks for the same index.)
    vertx.executeBlocking(() -> {
      sessions.addIndex(com.hazelcast.config.IndexType.HASH, "principal.sub");
      return null;
    }, false);
  }

  /** Where the events of resumable streams are kept ({@link EventStore}). */
  public static final String EVENTS_MAP = EventStore.MAP;

  public void mount(Router router) {
    router.get(METADATA_PATH).handler(this::metadata);
    router.get(METADATA_PATH + settings.path()).handler(this::metadata);
    router.route(settings.path()).handler(BodyHandler.create(false).setBodyLimit(settings.maxMessageBytes()));
    router.post(settings.path()).handler(ctx -> guarded(ctx, this::post));
    router.get(settings.path()).handler(ctx -> guarded(ctx, this::get));
    router.delete(settings.path()).handler(ctx -> guarded(ctx, this::delete));
    // The HTTP+SSE transport of revision 2024-11-05, for clients that still use it.
    router.get(LEGACY_SSE).handler(ctx -> guarded(ctx, this::legacyStream));
    router.post(LEGACY_MESSAGES).handler(BodyHandler.create(false).setBodyLimit(settings.maxMessageBytes()));
    router.post(LEGACY_MESSAGES).handler(ctx -> guarded(ctx, this::legacyMessage));
  }

  public static final String LEGACY_SSE = "/sse";
  public static final String LEGACY_MESSAGES = "/messages";
  private static final String LEGACY_PREFIX = "switchboard.mcp.legacy.";

  /** Opens the stream: its first event names the endpoint to POST messages to; replies come on the stream. */
  private void legacyStream(RoutingContext ctx, Principal principal) {
    if (!open.open(principal.subject(), settings.maxSessionsPerPrincipal())) {
      http(ctx, 429, tooManySessions());
      return;
    }
    SseStream stream = new SseStream(ctx.response().setStatusCode(200), UUID.randomUUID().toString(), false);
    McpConnection connection = new McpConnection(vertx, dispatcher, settings, principal, text -> stream.send(new JsonObject(text)),
      limiter);
    ctx.response().write("event: endpoint\ndata: " + LEGACY_MESSAGES + "?sessionId=" + connection.sessionId() + "\n\n");
    // Clustered: a POST may reach another instance or node than the one holding the stream.
    MessageConsumer<JsonObject> inbox = vertx.eventBus().consumer(LEGACY_PREFIX + connection.sessionId(), m -> {
      if (!m.body().getString("sub").equals(principal.subject())) {
        m.fail(403, "not your session");
        return;
      }
      connection.receive(m.body().getString("message"));
      m.reply(null);
    });
    long keepAlive = vertx.setPeriodic(15_000, t -> stream.comment("keep-alive"));
    ctx.response().closeHandler(v -> {
      vertx.cancelTimer(keepAlive);
      inbox.unregister();
      connection.close();
      open.closed(principal.subject());
    });
  }

  private void legacyMessage(RoutingContext ctx, Principal principal) {
    String sessionId = ctx.request().getParam("sessionId");
    if (sessionId == null || ctx.body().buffer() == null) {
      http(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "sessionId query parameter and a body are required"));
      return;
    }
    vertx.eventBus().request(LEGACY_PREFIX + sessionId, new JsonObject().put("sub", principal.subject())
        .put("message", ctx.body().asString()))
      .onComplete(ok -> ctx.response().setStatusCode(202).end(), err -> http(ctx, 404,
        JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "no open stream for session " + sessionId)));
  }

  /** An initialize past {@code mcp.max-sessions-per-principal}. */
  private static final class TooMany extends RuntimeException {
    TooMany() {
      super(null, null, false, false);
    }
  }

  private interface Handler {
    void handle(RoutingContext ctx, Principal principal);
  }

  /** Origin check, then authentication (401 names the protected-resource metadata), then the method. */
  private void guarded(RoutingContext ctx, Handler handler) {
    HttpServerRequest req = ctx.request();
    String host = req.authority() == null ? null : req.authority().host();
    if (!settings.hostAllowed(host)) {
      http(ctx, 403, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "host not allowed: " + host));
      return;
    }
    if (!settings.originAllowed(req.getHeader("Origin"))) {
      http(ctx, 403, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "origin not allowed: " + req.getHeader("Origin")));
      return;
    }
    String auth = req.getHeader("Authorization");
    if (auth == null && settings.allowAnonymous()) {
      if (withinBudget(ctx, "ip:" + (req.remoteAddress() == null ? "?" : req.remoteAddress().hostAddress()))) {
        handler.handle(ctx, ANONYMOUS);
      }
      return;
    }
    String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    verifier.verify(token).onComplete(principal -> {
      if (withinBudget(ctx, "sub:" + principal.subject())) {
        handler.handle(ctx, principal);
      }
    }, err -> {
      String reason = ServiceError.from(err).getMessage();
      ctx.response().putHeader("WWW-Authenticate", "Bearer resource_metadata=\"" + base(ctx) + METADATA_PATH + "\""
        + (token == null ? "" : ", error=\"invalid_token\", error_description=\"" + reason + "\""));
      http(ctx, 401, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "unauthorized: " + reason));
    });
  }

  /**
   * Every MCP request draws on the principal's budget, the same one as its REST requests: 429 with
   * {@code Retry-After} past it.
   */
  private boolean withinBudget(RoutingContext ctx, String key) {
    long wait = limiter.acquire(key);
    if (wait == 0) {
      return true;
    }
    NodeMetrics.get(vertx).rateLimited("mcp");
    long seconds = RateLimiter.retryAfterSeconds(wait);
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    http(ctx, 429, JsonRpc.error(null, JsonRpc.RATE_LIMITED, "rate limit exceeded, retry in " + seconds + " s"));
    return false;
  }

  private JsonObject tooManySessions() {
    return JsonRpc.error(null, JsonRpc.RATE_LIMITED, "too many open MCP sessions: at most "
      + settings.maxSessionsPerPrincipal() + " per principal (" + McpSettings.MAX_SESSIONS_PER_PRINCIPAL
      + "); DELETE one you no longer use");
  }

  /** Streamable HTTP sessions of {@code subject}, cluster-wide (a query: only at initialize). */
  private Future<Long> sessionsOf(String subject) {
    return vertx.executeBlocking(() -> sessions.aggregate(com.hazelcast.aggregation.Aggregators.count(),
      com.hazelcast.query.Predicates.equal("principal.sub", subject)), false);
  }

  /** RFC 9728 protected-resource metadata: where clients get tokens for this resource. */
  private void metadata(RoutingContext ctx) {
    JsonObject meta = new JsonObject().put("resource", base(ctx) + settings.path())
      .put("authorization_servers", settings.authorizationServers())
      .put("bearer_methods_supported", new JsonArray().add("header"))
      .put("resource_name", "Switchboard MCP server");
    ctx.response().putHeader("Content-Type", "application/json").end(meta.encode());
  }

  private static String base(RoutingContext ctx) {
    return ctx.request().scheme() + "://" + ctx.request().authority();
  }

  private void post(RoutingContext ctx, Principal principal) {
    String accept = String.valueOf(ctx.request().getHeader("Accept"));
    if (!accept.contains("application/json") && !accept.contains("text/event-stream") && !accept.contains("*/*")) {
      http(ctx, 406, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Accept must include application/json and text/event-stream"));
      return;
    }
    String type = String.valueOf(ctx.request().getHeader("Content-Type"));
    if (!type.startsWith("application/json")) {
      http(ctx, 415, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Content-Type must be application/json"));
      return;
    }
    Object body;
    try {
      Buffer raw = ctx.body().buffer();
      body = raw == null || raw.length() == 0 ? null : Json.decodeValue(raw);
    } catch (DecodeException e) {
      http(ctx, 400, JsonRpc.error(null, JsonRpc.PARSE_ERROR, "parse error: not valid JSON"));
      return;
    }
    if (body == null) {
      http(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "empty body"));
      return;
    }
    String badUnicode = io.switchboard.protocol.Unicode.problemIn(body, "");
    if (badUnicode != null) {
      http(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, io.switchboard.protocol.Unicode.refusal(badUnicode)));
      return;
    }
    String sessionId = ctx.request().getHeader(SESSION_HEADER);
    boolean initialize = body instanceof JsonObject o && "initialize".equals(o.getValue("method"));
    if (initialize) {
      JsonObject invalid = JsonRpc.invalid(body);
      if (invalid == null && !JsonRpc.isRequest((JsonObject) body)) {
        invalid = JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "initialize is a request: it needs an id");
      }
      if (invalid != null) {
        http(ctx, 400, invalid);
        return;
      }
      McpSession session = McpSession.create(UUID.randomUUID().toString(), principal);
      sessionsOf(principal.subject()).compose(count -> count < settings.maxSessionsPerPrincipal()
          ? dispatcher.handle(session, (JsonObject) body, new NoChannel()) : Future.failedFuture(new TooMany()))
        .compose(response -> save(session).map(response))
        .onSuccess(response -> {
          ctx.response().putHeader(SESSION_HEADER, session.id());
          http(ctx, 200, response);
        })
        .onFailure(err -> {
          if (err instanceof TooMany) {
            http(ctx, 429, tooManySessions());
          } else {
            ctx.fail(err);
          }
        });
      return;
    }
    if (sessionId == null) {
      http(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Mcp-Session-Id header required (initialize first)"));
      return;
    }
    load(sessionId, principal).onComplete(session -> {
      if (session == null) {
        http(ctx, 404, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "unknown or expired session: initialize again"));
        return;
      }
      String version = ctx.request().getHeader(VERSION_HEADER);
      if (version != null && !McpProtocol.SUPPORTED.contains(version)) {
        http(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "unsupported MCP-Protocol-Version: " + version));
        return;
      }
      if (body instanceof JsonArray batch) {
        batch(ctx, session, batch);
      } else {
        single(ctx, session, body, accept.contains("text/event-stream"));
      }
    }, ctx::fail);
  }

  private void single(RoutingContext ctx, McpSession session, Object body, boolean sseAccepted) {
    JsonObject invalid = JsonRpc.invalid(body);
    if (invalid != null) {
      http(ctx, 400, invalid);
      return;
    }
    JsonObject message = (JsonObject) body;
    if (JsonRpc.isResponse(message)) {
      ClientRequests.deliver(vertx, message);
      ctx.response().setStatusCode(202).end();
      return;
    }
    if (JsonRpc.isNotification(message)) {
      dispatcher.handle(session, message, new NoChannel()).compose(v -> save(session))
        .onComplete(done -> ctx.response().setStatusCode(202).end());
      return;
    }
    if (sseAccepted && STREAMED.contains(message.getString("method"))) {
      // A stream (with event ids and stored events, for resumption) is opened only when the handler sends something
      // before its response (progress, logging, a request to the client); a plain answer goes as one JSON object,
      // which the specification allows whenever the client accepts both.
      LazyStream channel = new LazyStream(ctx, session);
      dispatcher.handle(session, message, channel)
        .compose(response -> save(session).map(response))
        .onComplete(response -> {
          if (response != null && !channel.opened()) {
            http(ctx, 200, response);
            return;
          }
          SseStream stream = channel.stream(); // a cancelled request: the stream ends without a response
          if (response != null) {
            stream.send(response);
          }
          stream.end();
        }, err -> {
          JsonObject error = JsonRpc.error(message.getValue("id"), JsonRpc.INTERNAL_ERROR, "internal error");
          if (!channel.opened()) {
            http(ctx, 200, error);
            return;
          }
          channel.stream().send(error);
          channel.stream().end();
        });
      return;
    }
    dispatcher.handle(session, message, new NoChannel())
      .compose(response -> save(session).map(response))
      .onSuccess(response -> {
        if (response == null) {
          ctx.response().setStatusCode(202).end();
        } else {
          http(ctx, 200, response);
        }
      })
      .onFailure(ctx::fail);
  }

  /** JSON-RPC batches exist only in revision 2025-03-26; at most {@code mcp.max-batch} entries. */
  private void batch(RoutingContext ctx, McpSession session, JsonArray batch) {
    if (!McpProtocol.allowsBatches(session.protocolVersion())) {
      http(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "batches are not supported in protocol revision "
        + session.protocolVersion()));
      return;
    }
    if (batch.isEmpty() || batch.size() > settings.maxBatch()) {
      http(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "a batch holds 1 to " + settings.maxBatch() + " messages"));
      return;
    }
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (Object item : batch) {
      JsonObject invalid = JsonRpc.invalid(item);
      if (invalid != null) {
        replies.add(Future.succeededFuture(invalid));
      } else if (JsonRpc.isResponse((JsonObject) item)) {
        ClientRequests.deliver(vertx, (JsonObject) item);
      } else {
        replies.add(dispatcher.handle(session, (JsonObject) item, new NoChannel()));
      }
    }
    Future.all(replies).compose(all -> save(session)).onComplete(done -> {
      JsonArray out = new JsonArray();
      replies.forEach(f -> {
        if (f.succeeded() && f.result() != null) {
          out.add(f.result());
        }
      });
      if (out.isEmpty()) {
        ctx.response().setStatusCode(202).end();
      } else {
        ctx.response().putHeader("Content-Type", "application/json").end(out.encode());
      }
    });
  }

  /** The session's stream of server-initiated messages: list changes and updates of subscribed resources. */
  private void get(RoutingContext ctx, Principal principal) {
    if (!String.valueOf(ctx.request().getHeader("Accept")).contains("text/event-stream")) {
      http(ctx, 405, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "GET opens an SSE stream: Accept text/event-stream"));
      return;
    }
    String sessionId = ctx.request().getHeader(SESSION_HEADER);
    if (sessionId == null) {
      http(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Mcp-Session-Id header required"));
      return;
    }
    load(sessionId, principal).onComplete(session -> {
      if (session == null) {
        http(ctx, 404, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "unknown or expired session"));
        return;
      }
      SseStream stream = new SseStream(ctx.response().setStatusCode(200), sessionId + "." + UUID.randomUUID())
        .resumable(events, sessionId);
      List<MessageConsumer<?>> consumers = new ArrayList<>();
      String lastEventId = ctx.request().getHeader("Last-Event-ID");
      if (lastEventId != null) {
        resume(stream, sessionId, lastEventId, consumers);
      }
      consumers.add(vertx.eventBus().<JsonObject>localConsumer(McpApi.LIST_CHANGED, m -> {
        String kind = m.body().getString("kind");
        String method = switch (kind) {
          case "tool" -> "notifications/tools/list_changed";
          case "prompt" -> "notifications/prompts/list_changed";
          default -> "notifications/resources/list_changed";
        };
        stream.send(JsonRpc.notification(method, null));
      }));
      Runnable stopListening = ResourceListeners.of(vertx).listening();
      consumers.add(vertx.eventBus().<JsonObject>consumer(McpApi.RESOURCE_UPDATED, m -> {
        String uri = m.body().getString("uri");
        load(sessionId, principal).onSuccess(current -> {
          if (current != null && current.subscribed(uri)) {
            stream.send(JsonRpc.notification("notifications/resources/updated", new JsonObject().put("uri", uri)));
          }
        });
      }));
      long keepAlive = vertx.setPeriodic(15_000, t -> stream.comment("keep-alive"));
      ctx.response().closeHandler(v -> {
        vertx.cancelTimer(keepAlive);
        consumers.forEach(MessageConsumer::unregister);
        stopListening.run();
      });
    }, ctx::fail);
  }

  /**
   * Resumption: first listen for what the old stream still produces, then replay what it sent after the client's
   * last event (a message that arrives both ways is written once, by event id).
   */
  private void resume(SseStream stream, String sessionId, String lastEventId, List<MessageConsumer<?>> consumers) {
    java.util.Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
    MessageConsumer<JsonObject> live = vertx.eventBus().consumer(EventStore.RESUME_PREFIX + EventStore.streamOf(lastEventId), m -> {
      if (written.add(m.body().getString("id"))) {
        stream.sendAs(m.body().getString("id"), m.body().getJsonObject("message"));
      }
    });
    consumers.add(live);
    live.completion().compose(v -> events.after(sessionId, lastEventId)).onSuccess(missed -> {
      for (JsonObject e : missed) {
        if (written.add(e.getString("id"))) {
          stream.sendAs(e.getString("id"), e.getJsonObject("message"));
        }
      }
    });
  }

  private void delete(RoutingContext ctx, Principal principal) {
    String sessionId = ctx.request().getHeader(SESSION_HEADER);
    if (sessionId == null) {
      http(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Mcp-Session-Id header required"));
      return;
    }
    load(sessionId, principal).compose(session -> session == null
        ? Future.succeededFuture(false)
        : ClusterFutures.on(sessions.removeAsync(sessionId), context).onSuccess(v -> {
          touched.remove(sessionId);
          parsedStates.remove(sessionId);
        }).map(true))
      .onComplete(found -> {
        if (found) {
          ctx.response().setStatusCode(200).end();
        } else {
          http(ctx, 404, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "unknown or expired session"));
        }
      }, ctx::fail);
  }

  /**
   * Sessions this event loop read through the cluster lately: id → when (ms). Such a read was an access, which
   * extends the session's max-idle expiry to at least that time plus the TTL (Hazelcast keeps these times in whole
   * seconds: less one second); for half a TTL less a second after it the session is certainly alive, so reads of it
   * on the member that owns it are done in place ({@link OwnerReads}: no partition thread round trip on every
   * request) — a read in place is no access for max-idle and does not see Hazelcast's expiry, hence the clock. Once
   * per that interval per session a read goes to the cluster again and keeps it alive; with a TTL of 2 s or less
   * every read does. Bounded: started over past {@value #MAX_TOUCHED} (then each session's next read goes to the
   * cluster).
   */
  private final java.util.Map<String, Long> touched = new java.util.HashMap<>();
  private static final int MAX_TOUCHED = 10_000;
  private final OwnerReads<String, HazelcastJsonValue> ownedSessions;

  /** The session, if it exists and belongs to this caller (a session id is not a credential). */
  private Future<McpSession> load(String id, Principal principal) {
    long now = System.currentTimeMillis();
    Long readAt = touched.get(id);
    HazelcastJsonValue inPlace = ownedSessions != null && readAt != null
      && now - readAt < settings.sessionTtlSeconds() * 500 - 1000 ? ownedSessions.get(id) : null;
    Future<HazelcastJsonValue> read = inPlace != null ? Future.succeededFuture(inPlace)
      : ClusterFutures.on(sessions.getAsync(id), context).onSuccess(v -> {
        if (v == null) {
          touched.remove(id);
          parsedStates.remove(id);
        } else {
          if (touched.size() >= MAX_TOUCHED) {
            touched.clear();
          }
          touched.put(id, now);
        }
      });
    return read.map(v -> {
      if (v == null) {
        return null;
      }
      McpSession s = McpSession.sharing(parsed(id, v.toString()));
      return s.subject().equals(principal.subject()) ? s : null;
    });
  }

  private record Parsed(String json, JsonObject state) {
  }

  /**
   * Sessions' states as last parsed, with the JSON they came from. Most requests of a session find the stored JSON
   * unchanged (a call that changes nothing does not rewrite it); parsing it again was 7 % of a trivial
   * {@code tools/call}'s samples, comparing it with the last one is a few hundred byte compares. The state is shared
   * ({@link McpSession#sharing}: a request that changes its session works on a copy). Used on this transport's event
   * loop only; bounded like {@link #touched}.
   */
  private final java.util.Map<String, Parsed> parsedStates = new java.util.HashMap<>();

  private JsonObject parsed(String id, String json) {
    Parsed last = parsedStates.get(id);
    if (last != null && last.json().equals(json)) {
      return last.state();
    }
    if (parsedStates.size() >= MAX_TOUCHED) {
      parsedStates.clear();
    }
    JsonObject state = new JsonObject(json);
    parsedStates.put(id, new Parsed(json, state));
    return state;
  }

  /**
   * Writes the session back only when a request changed it (initialize, log level, subscriptions): most requests
   * (every tool call) do not, and a cluster write per call was a partition operation and an index update each. Its
   * expiry is an idle time (Hazelcast max-idle, not a TTL), so every load of the session keeps it alive without a
   * write.
   */
  private Future<Void> save(McpSession session) {
    if (!session.changed()) {
      return Future.succeededFuture();
    }
    return ClusterFutures.on(sessions.setAsync(session.id(), new HazelcastJsonValue(session.toJson().encode()),
      0, TimeUnit.SECONDS, settings.sessionTtlSeconds(), TimeUnit.SECONDS), context).onSuccess(v -> session.saved());
  }

  private static void http(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse r = ctx.response();
    if (!r.ended()) {
      r.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
  }

  /** Answering with plain JSON: nothing can be sent before the response. */
  private final class NoChannel implements ClientChannel {
    @Override
    public void notify(JsonObject notification) {
      // dropped: the client did not accept a stream for this request
    }

    @Override
    public Future<JsonObject> request(String method, JsonObject params) {
      return Future.failedFuture(new JsonRpc.Failure(JsonRpc.INTERNAL_ERROR, "no stream to send " + method + " to the client"));
    }
  }

  /** An SSE stream opened on the first message that must go out before the response; none if there is none. */
  private final class LazyStream implements ClientChannel {
    private final RoutingContext ctx;
    private final McpSession session;
    private SseStream stream;

    LazyStream(RoutingContext ctx, McpSession session) {
      this.ctx = ctx;
      this.session = session;
    }

    boolean opened() {
      return stream != null;
    }

    SseStream stream() {
      if (stream == null) {
        stream = new SseStream(ctx.response().setStatusCode(200), UUID.randomUUID().toString())
          .resumable(events, session.id());
      }
      return stream;
    }

    @Override
    public void notify(JsonObject notification) {
      stream().send(notification);
    }

    @Override
    public Future<JsonObject> request(String method, JsonObject params) {
      return ClientRequests.send(vertx, method, params, settings.clientRequestTimeoutMs(), m -> stream().send(m));
    }
  }
}
