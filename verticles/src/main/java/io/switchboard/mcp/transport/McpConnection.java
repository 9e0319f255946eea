package io.switchboard.mcp.transport;

import io.switchboard.mcp.ClientChannel;
import io.switchboard.mcp.JsonRpc;
import io.switchboard.mcp.McpApi;
import io.switchboard.mcp.McpDispatcher;
import io.switchboard.mcp.McpProtocol;
import io.switchboard.mcp.McpSession;
import io.switchboard.mcp.McpSettings;
import io.switchboard.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An MCP session bound to one connection (WebSocket, stdio, the legacy HTTP+SSE stream): messages in, messages
 * out on the same pipe, in both directions. The session lives with the connection; list changes and updates of
 * subscribed resources are pushed to it as notifications.
 */
public final class McpConnection {

  private final Vertx vertx;
  private final McpDispatcher dispatcher;
  private final McpSettings settings;
  private final McpSession session;
  private final Consumer<String> out;
  private final io.switchboard.security.RateLimiter limiter;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  /** Counts this connection among the node's resource-update listeners until it closes. */
  private final Runnable stopListening;

  /** @param out writes one serialized JSON-RPC message (or batch) to the client */
  public McpConnection(Vertx vertx, McpDispatcher dispatcher, McpSettings settings, Principal principal, Consumer<String> out) {
    this(vertx, dispatcher, settings, principal, out, null);
  }

  /** @param limiter the node's per-principal request budget (null: none, as on stdio, whose one client is local) */
  public McpConnection(Vertx vertx, McpDispatcher dispatcher, McpSettings settings, Principal principal, Consumer<String> out,
                       io.switchboard.security.RateLimiter limiter) {
    this.vertx = vertx;
    this.limiter = limiter;
    this.dispatcher = dispatcher;
    this.settings = settings;
    this.session = McpSession.create(UUID.randomUUID().toString(), principal);
    this.out = out;
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(McpApi.LIST_CHANGED, m -> {
      if (session.initialized()) {
        String kind = m.body().getString("kind");
        send(JsonRpc.notification(kind.equals("tool") ? "notifications/tools/list_changed"
          : kind.equals("prompt") ? "notifications/prompts/list_changed" : "notifications/resources/list_changed", null));
      }
    }));
    stopListening = ResourceListeners.of(vertx).listening();
    consumers.add(vertx.eventBus().<JsonObject>consumer(McpApi.RESOURCE_UPDATED, m -> {
      String uri = m.body().getString("uri");
      if (session.subscribed(uri)) {
        send(JsonRpc.notification("notifications/resources/updated", new JsonObject().put("uri", uri)));
      }
    }));
  }

  public String sessionId() {
    return session.id();
  }

  /** One incoming frame or line: a message, or a batch where the negotiated revision allows it. */
  public void receive(String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length > settings.maxMessageBytes()) {
      send(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "message exceeds " + settings.maxMessageBytes() + " bytes"));
      return;
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException e) {
      send(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "parse error: not valid JSON"));
      return;
    }
    String badUnicode = io.switchboard.protocol.Unicode.problemIn(parsed, "");
    if (badUnicode != null) {
      send(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, io.switchboard.protocol.Unicode.refusal(badUnicode)));
      return;
    }
    long wait = limiter == null ? 0 : limiter.acquire("sub:" + session.subject());
    if (wait > 0) {
      io.switchboard.metrics.NodeMetrics.get(vertx).rateLimited("mcp");
      Object id = parsed instanceof JsonObject o ? o.getValue("id") : null;
      send(JsonRpc.error(id instanceof String || id instanceof Number ? id : null, JsonRpc.RATE_LIMITED,
        "rate limit exceeded, retry in " + io.switchboard.security.RateLimiter.retryAfterMillis(wait) + " ms"));
      return;
    }
    if (parsed instanceof JsonArray batch) {
      if (!McpProtocol.allowsBatches(session.protocolVersion()) || batch.isEmpty() || batch.size() > settings.maxBatch()) {
        send(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, McpProtocol.allowsBatches(session.protocolVersion())
          ? "a batch holds 1 to " + settings.maxBatch() + " messages"
          : "batches are not supported in protocol revision " + session.protocolVersion()));
        return;
      }
      List<Future<JsonObject>> replies = new ArrayList<>();
      batch.forEach(item -> replies.add(one(item)));
      Future.join(replies).onComplete(done -> {
        JsonArray responses = new JsonArray();
        replies.forEach(f -> {
          if (f.succeeded() && f.result() != null) {
            responses.add(f.result());
          }
        });
        if (!responses.isEmpty()) {
          out.accept(responses.encode());
        }
      });
      return;
    }
    one(parsed).onSuccess(response -> {
      if (response != null) {
        send(response);
      }
    });
  }

  private Future<JsonObject> one(Object item) {
    JsonObject invalid = JsonRpc.invalid(item);
    if (invalid != null) {
      return Future.succeededFuture(invalid);
    }
    JsonObject message = (JsonObject) item;
    if (JsonRpc.isResponse(message)) {
      ClientRequests.deliver(vertx, message);
      return Future.succeededFuture();
    }
    return dispatcher.handle(session, message, new ClientChannel() {
      @Override
      public void notify(JsonObject notification) {
        send(notification);
      }

      @Override
      public Future<JsonObject> request(String method, JsonObject params) {
        return ClientRequests.send(vertx, method, params, settings.clientRequestTimeoutMs(), McpConnection.this::send);
      }
    });
  }

  private void send(JsonObject message) {
    out.accept(message.encode());
  }

  public void close() {
    consumers.forEach(MessageConsumer::unregister);
    stopListening.run();
  }
}
