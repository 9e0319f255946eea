package io.switchboard.mcp;

import io.switchboard.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provides tools, resources, resource templates and prompts to the MCP server from wherever it runs: registers
 * them in the cluster-wide catalog (re-registering before their TTL runs out, so they vanish if this provider
 * dies) and serves their calls on its own bus address ({@link McpApi}); a provider safe on any event loop of its node
 * ({@link #servesAnyEventLoop}) is also called directly by that node's MCP endpoints.
 */
public final class McpProvider {

  /** One invocation, with what a handler may need: arguments, caller, and the way back to the client. */
  public final class Call {
    private final JsonObject body;
    private final LocalChannel local;

    Call(JsonObject body, LocalChannel local) {
      this.body = body;
      this.local = local;
    }

    /** Progress, logs and client requests: straight to a dispatcher of this node, or over the call's channel address. */
    private void send(JsonObject msg) {
      if (local != null) {
        local.relay(msg);
      } else {
        vertx.eventBus().send(body.getString("channel"), msg);
      }
    }

    public JsonObject arguments() {
      return body.getJsonObject("arguments", new JsonObject());
    }

    public String uri() {
      return body.getString("uri");
    }

    /** For completions: {@code {name, value}} of the argument being completed. */
    public JsonObject argument() {
      return body.getJsonObject("argument", new JsonObject());
    }

    public Principal principal() {
      return Principal.fromJson(body.getJsonObject("principal"));
    }

    public boolean wantsProgress() {
      return body.getValue("progressToken") != null;
    }

    /** The client's progress token (string or number), or null. */
    public Object progressToken() {
      return body.getValue("progressToken");
    }

    public void progress(double progress, Double total, String message) {
      JsonObject p = new JsonObject().put("type", "progress").put("progress", progress);
      if (total != null) {
        p.put("total", total);
      }
      if (message != null) {
        p.put("message", message);
      }
      send(p.put("callId", body.getString("callId")));
    }

    public void log(String level, Object data) {
      send(new JsonObject().put("type", "log").put("callId", body.getString("callId")).put("level", level)
        .put("logger", name).put("data", data));
    }

    /** A request to the client (e.g. sampling/createMessage, elicitation/create, roots/list). */
    public Future<JsonObject> request(String method, JsonObject params, long timeoutMs) {
      JsonObject msg = new JsonObject().put("type", "request").put("callId", body.getString("callId"))
        .put("method", method).put("params", params);
      if (local != null) {
        return local.relay(msg).timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      return vertx.eventBus().<JsonObject>request(body.getString("channel"), msg, new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(Message::body);
    }

    public boolean cancelled() {
      return cancelled.contains(body.getString("callId"));
    }
  }

  /**
   * The channel of a call from a dispatcher of this node: its progress and logs reach the client before the call's
   * answer, as they do over the bus (where both queue on the dispatcher's event loop in the order sent).
   */
  interface LocalChannel {
    /** Relays a progress, log or request message; completes with the client's answer to a request. */
    Future<JsonObject> relay(JsonObject msg);
  }

  /** Implementation of one tool, resource, template, prompt or completion. */
  public interface Handler {
    Future<JsonObject> handle(Call call);
  }

  private final Vertx vertx;
  private final String name;
  private final String address;
  private final long ttlSeconds;
  private final Map<String, Handler> handlers = new HashMap<>();
  private final List<JsonObject> registrations = new ArrayList<>();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long heartbeat = -1;
  private boolean anyEventLoop;

  /** @param address a clustered address; providers on several nodes may share it (calls are spread over them) */
  public McpProvider(Vertx vertx, String name, String address, long ttlSeconds) {
    this.vertx = vertx;
    this.name = name;
    this.address = address;
    this.ttlSeconds = ttlSeconds;
  }

  public McpProvider tool(JsonObject definition, Handler handler) {
    return add("tool", definition.getString("name"), definition, handler);
  }

  public McpProvider resource(JsonObject definition, Handler handler) {
    return add("resource", definition.getString("uri"), definition, handler);
  }

  public McpProvider template(JsonObject definition, Handler handler) {
    return add("template", definition.getString("uriTemplate"), definition, handler);
  }

  public McpProvider prompt(JsonObject definition, Handler handler) {
    return add("prompt", definition.getString("name"), definition, handler);
  }

  /** Completion of the arguments of a prompt or template already added here (by its name or URI template). */
  public McpProvider completion(String promptOrTemplate, Handler handler) {
    handlers.put("completion:" + promptOrTemplate, handler);
    return this;
  }

  private McpProvider add(String kind, String key, JsonObject definition, Handler handler) {
    handlers.put(kind + ":" + key, handler);
    registrations.add(new JsonObject().put("action", "register").put("kind", kind).put("name", key)
      .put("definition", definition).put("address", address).put("ttlSeconds", ttlSeconds));
    return this;
  }

  /**
   * Declares that this provider's handlers are safe on any event loop of its node (they only call the node's
   * services, which are built for that): the MCP edges of the same node then call them directly instead of through
   * the event bus ({@link LocalProviders}). Calls from other nodes still come over the bus.
   */
  public McpProvider servesAnyEventLoop() {
    this.anyEventLoop = true;
    return this;
  }

  /** What this provider registers, as catalog keys {@code kind:name}. */
  public Set<String> keys() {
    Set<String> keys = new java.util.HashSet<>();
    registrations.forEach(r -> keys.add(r.getString("kind") + ":" + r.getString("name")));
    return keys;
  }

  public Future<Void> start() {
    MessageConsumer<JsonObject> calls = vertx.eventBus().consumer(address, this::serve);
    MessageConsumer<JsonObject> cancels = vertx.eventBus().consumer(McpApi.CANCEL, m -> cancelled.add(m.body().getString("callId")));
    consumers.add(calls);
    consumers.add(cancels);
    heartbeat = vertx.setPeriodic(Math.max(1000, ttlSeconds * 1000 / 3), t -> register());
    return Future.all(calls.completion(), cancels.completion()).compose(v -> register()).onSuccess(v -> {
      if (anyEventLoop) {
        LocalProviders.of(vertx).add(address, this);
      }
    });
  }

  private Future<Void> register() {
    List<Future<?>> all = new ArrayList<>();
    for (JsonObject r : registrations) {
      all.add(vertx.eventBus().request(McpApi.REGISTRY, r));
    }
    return Future.all(all).mapEmpty();
  }

  private void serve(Message<JsonObject> m) {
    call(m.body(), null).onComplete(m::reply, err -> m.fail(((JsonRpc.Failure) err).code, err.getMessage()));
  }

  /**
   * One call, wherever it came from (the bus, or a dispatcher of this node: {@link LocalProviders}, with the
   * channel to it); fails only with a {@link JsonRpc.Failure}.
   */
  Future<JsonObject> call(JsonObject body, LocalChannel local) {
    String kind = body.getString("kind");
    Handler handler = handlers.get(kind + ":" + body.getString("name"));
    if (handler == null) {
      return Future.failedFuture(new JsonRpc.Failure(JsonRpc.METHOD_NOT_FOUND, "not provided here: " + kind + " " + body.getString("name")));
    }
    Future<JsonObject> result;
    try {
      result = handler.handle(new Call(body, local));
    } catch (JsonRpc.Failure f) {
      result = Future.failedFuture(f);
    } catch (RuntimeException e) {
      result = Future.failedFuture(new JsonRpc.Failure(JsonRpc.INTERNAL_ERROR, "provider failure: " + e.getMessage()));
    }
    return result.recover(err -> {
      cancelled.remove(body.getString("callId"));
      if (err instanceof JsonRpc.Failure) {
        return Future.failedFuture(err);
      }
      int code = err instanceof ReplyException re && re.failureCode() < 0 ? re.failureCode() : JsonRpc.INTERNAL_ERROR;
      return Future.failedFuture(new JsonRpc.Failure(code, err.getMessage()));
    });
  }

  /** Leaves the catalog and stops serving. */
  public Future<Void> stop() {
    return stop(true);
  }

  /**
   * Stops serving; with {@code unregister} false the catalog entries stay until their TTL runs out, which is right
   * for a provider that other nodes run too on the same address (they keep the entries alive).
   */
  public Future<Void> stop(boolean unregister) {
    vertx.cancelTimer(heartbeat);
    LocalProviders.of(vertx).remove(address, this);
    List<Future<?>> all = new ArrayList<>();
    for (JsonObject r : unregister ? registrations : List.<JsonObject>of()) {
      all.add(vertx.eventBus().request(McpApi.REGISTRY, r.copy().put("action", "unregister")).otherwiseEmpty());
    }
    consumers.forEach(c -> all.add(c.unregister()));
    return Future.all(all).mapEmpty();
  }
}
