package io.switchboard.bridge;

import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.mcp.McpApi;
import io.switchboard.security.Audit;
import io.switchboard.security.Principal;
import io.switchboard.security.TokenVerifier;
import io.switchboard.session.SessionApi;
import io.switchboard.security.TopicPermissions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BaseBridgeEvent;
import io.vertx.ext.bridge.BridgeEventType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authentication and authorization of bridge clients, shared by the SockJS and the TCP bridge. A connection is
 * authenticated by a token (at socket creation, in a frame's {@code authorization} header, or by a login frame);
 * every frame is then checked against {@link BridgeAddresses}, and the caller's identity is written into what it
 * sends, so a client can never speak as someone else. Denials answer with the bridge's error and are audited.
 */
public final class BridgeGuard {

  /** Who a connection is, until when (its token's expiry, epoch ms). */
  public record Caller(Principal principal, TopicPermissions permissions, long expiresAtMillis) {
  }

  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final JsonObject config;
  private final String transport;
  private final Map<Object, Caller> callers = new ConcurrentHashMap<>();
  private final Map<Object, Long> expiryTimers = new ConcurrentHashMap<>();
  private final java.util.function.BiConsumer<Object, String> expire;
  private final java.util.function.BiConsumer<Object, JsonObject> answerRefusal;
  private final BridgeTopics topics;

  /**
   * @param expire closes a connection whose token expired, with the given reason (the transport's own way: an err
   *               frame then close for TCP, close code 4001 for SockJS)
   * @param answerRefusal how the transport writes a refused request's answer ({@code err} frame at its reply address)
   *                      itself; null when refused requests can be rerouted to {@link BridgeAddresses#REFUSED} (SockJS)
   */
  public BridgeGuard(Vertx vertx, TokenVerifier verifier, JsonObject config, String transport,
                     java.util.function.BiConsumer<Object, String> expire,
                     java.util.function.BiConsumer<Object, JsonObject> answerRefusal) {
    this.vertx = vertx;
    this.expire = expire;
    this.answerRefusal = answerRefusal;
    this.topics = BridgeTopics.of(vertx);
    this.verifier = verifier;
    this.config = config;
    this.defaultPermissions = TopicPermissions.Defaults.of(config);
    this.transport = transport;
  }

  private final TopicPermissions.Defaults defaultPermissions;

  /** Authenticates a connection from a token found at its creation (cookie or header); nothing if absent. */
  public Future<Void> authenticate(Object socket, String token) {
    if (token == null) {
      return Future.succeededFuture();
    }
    return verifier.verifyWithClaims(token).map(v -> {
      remember(socket, caller(v));
      return (Void) null;
    }).recover(err -> Future.succeededFuture());
  }

  public void closed(Object socket) {
    callers.remove(socket);
    topics.closed(socket);
    Long timer = expiryTimers.remove(socket);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  private Caller caller(TokenVerifier.Verified v) {
    return new Caller(v.principal(), TopicPermissions.of(v.principal(), defaultPermissions), v.expiresAtMillis());
  }

  /**
   * The connection is this caller until its token expires; then it is closed, unless a login with a fresh token
   * replaced the caller meanwhile (which is how a bridge client stays connected past its first token).
   */
  private void remember(Object socket, Caller caller) {
    callers.put(socket, caller);
    long timer = vertx.setTimer(Math.max(1, caller.expiresAtMillis() - System.currentTimeMillis()), t -> {
      if (callers.get(socket) == caller) {
        expired(socket);
      }
    });
    Long previous = expiryTimers.put(socket, timer);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  private void expired(Object socket) {
    closed(socket);
    Audit.record(vertx, Audit.ACCESS_DENIED, new JsonObject().put("transport", transport).put("action", "bridge.expired")
      .put("reason", "token expired"));
    expire.accept(socket, "token expired: log in again with a fresh token");
  }

  /** Decides on one bridge event; completes it (true: let it through, possibly rewritten). */
  public void handle(Object socket, BaseBridgeEvent event) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SOCKET_CLOSED) {
      closed(socket);
      event.complete(true);
      return;
    }
    Caller current = callers.get(socket);
    if (current != null && System.currentTimeMillis() >= current.expiresAtMillis()) {
      // Before its timer fires: nothing more is delivered to or accepted from an expired token.
      event.complete(false);
      expired(socket);
      return;
    }
    if (type == BridgeEventType.UNREGISTER && event.getRawMessage() != null
      && event.getRawMessage().getValue("address") instanceof String a && a.startsWith(BridgeAddresses.TOPIC_PREFIX)) {
      topics.unregistered(socket, a.substring(BridgeAddresses.TOPIC_PREFIX.length()));
    }
    if (type == BridgeEventType.SOCKET_CREATED || type == BridgeEventType.SOCKET_PING || type == BridgeEventType.SOCKET_IDLE
      || type == BridgeEventType.RECEIVE || type == BridgeEventType.UNREGISTER) {
      event.complete(true);
      return;
    }
    JsonObject frame = event.getRawMessage() == null ? new JsonObject() : event.getRawMessage();
    String address = frame.getValue("address") instanceof String a ? a : "";
    String badUnicode = io.switchboard.protocol.Unicode.problemIn(frame, "");
    if (badUnicode != null) {
      deny(socket, event, null, address, ErrorCode.BAD_REQUEST, io.switchboard.protocol.Unicode.refusal(badUnicode));
      return;
    }
    String headerToken = token(frame.getJsonObject("headers"));
    Future<Caller> who;
    if (address.equals(BridgeAddresses.LOGIN) && frame.getValue("body") instanceof JsonObject body) {
      who = verify(socket, body.getString("token"));
    } else if (headerToken != null) {
      who = verify(socket, headerToken);
    } else {
      Caller known = callers.get(socket);
      who = known != null ? Future.succeededFuture(known) : Future.failedFuture("not authenticated");
    }
    who.onComplete(caller -> {
      String refusal = authorize(type, address, frame, caller);
      if (refusal == null && type == BridgeEventType.REGISTER && address.startsWith(BridgeAddresses.TOPIC_PREFIX)) {
        topics.registered(socket, address.substring(BridgeAddresses.TOPIC_PREFIX.length()));
      }
      if (refusal == null) {
        // The token has done its job here: it must not travel on with the message (to services, providers, logs).
        JsonObject headers = frame.getJsonObject("headers");
        if (headers != null) {
          headers.remove("authorization");
          headers.remove("Authorization");
        }
        event.setRawMessage(frame);
        event.complete(true);
      } else {
        deny(socket, event, caller.principal().subject(), address, ErrorCode.FORBIDDEN, refusal);
      }
    }, err -> deny(socket, event, null, address, ErrorCode.UNAUTHORIZED, "authentication required: " + err.getMessage()));
  }

  private Future<Caller> verify(Object socket, String token) {
    return verifier.verifyWithClaims(token).map(v -> {
      Caller c = caller(v);
      remember(socket, c);
      return c;
    }).recover(err -> Future.failedFuture(ServiceError.from(err).getMessage()));
  }

  /** Null if allowed (the frame may have been rewritten), else the reason. */
  private String authorize(BridgeEventType type, String address, JsonObject frame, Caller caller) {
    Principal p = caller.principal();
    boolean sending = type == BridgeEventType.SEND || type == BridgeEventType.PUBLISH;
    if (sending && address.equals(BridgeAddresses.LOGIN)) {
      frame.put("body", new JsonObject().put("principal", p.toJson()));
      return null;
    }
    if (sending && address.equals(BridgeAddresses.PUBLISH)) {
      // The publish service runs the node's pipeline as this caller: its permissions, its budget, and the same error
      // codes (forbidden, rate_limited, validation_failed) as every other edge, in the reply.
      JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : new JsonObject();
      frame.put("body", body.put("principal", p.toJson()));
      return null;
    }
    if (type == BridgeEventType.REGISTER && address.startsWith(BridgeAddresses.TOPIC_PREFIX)) {
      String topic = address.substring(BridgeAddresses.TOPIC_PREFIX.length());
      return io.switchboard.protocol.topic.Topics.isValidTopic(topic) && caller.permissions().maySubscribe(topic)
        ? null : "subscribing to '" + topic + "' is not permitted";
    }
    if (sending && address.equals(SessionApi.ADDRESS)) {
      JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : new JsonObject();
      frame.put("body", body.put("principal", p.toJson())); // the session service decides with this identity
      return null;
    }
    // The subject enters the address as one segment (never a dot), so no user's namespace contains another's.
    String ownProviders = BridgeAddresses.providerPrefix(p.subject());
    if (sending && address.equals(McpApi.REGISTRY)) {
      JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : new JsonObject();
      if ("unregister".equals(body.getString("action"))) {
        body.remove("address");
      } else if (!(body.getValue("address") instanceof String a) || !a.startsWith(ownProviders) || a.length() == ownProviders.length()) {
        return "MCP providers of this connection must serve on " + ownProviders + "*";
      }
      // The catalog keeps who registered what: this user's entries are theirs alone, and visibly so.
      frame.put("body", body.put("owner", io.switchboard.mcp.McpVerticle.BRIDGE_OWNER_PREFIX + p.subject()));
      return null;
    }
    if (type == BridgeEventType.REGISTER && address.startsWith(ownProviders)) {
      return null;
    }
    if (type == BridgeEventType.SEND && !INBOUND.matcher(address).matches()) {
      // Not a service address, so it can only be the reply address of a message this connection received (an MCP
      // call to its provider, a request to a topic it registered): the bridge itself lets such a send through only
      // if that reply is pending, and refuses every other address outside its inbound list.
      return null;
    }
    return "address '" + address + "' is not permitted for " + type.name().toLowerCase();
  }

  /**
   * Refuses a frame. A send that waits for a reply ({@code replyAddress}) gets its refusal as that reply, failed with
   * the REST status and error body (the same form as a service's refusal): the frame is rewritten to
   * {@link BridgeAddresses#REFUSED}, whose service fails every request with the error it carries. So clients that
   * route replies by address (the official {@code @vertx/eventbus-bridge-client.js} does) call the request's callback
   * with the reason instead of waiting forever; a bad token (401 {@code unauthorized}) and a forbidden address (403
   * {@code forbidden}) say which. Other frames (publish, register, a send without reply) can only be refused by the
   * bridge, with its fixed word and no address. Where the bridge cannot reroute (TCP: it reads the address before
   * this guard runs), the transport writes the same answer itself ({@code answerRefusal}).
   */
  private void deny(Object socket, BaseBridgeEvent event, String sub, String address, ErrorCode code, String reason) {
    Audit.record(vertx, Audit.ACCESS_DENIED, new JsonObject().put("sub", sub).put("transport", transport)
      .put("action", "bridge." + event.type().name().toLowerCase()).put("address", address).put("reason", reason));
    JsonObject frame = event.getRawMessage();
    if (event.type() == BridgeEventType.SEND && frame != null && frame.getValue("replyAddress") instanceof String reply) {
      ServiceError error = new ServiceError(code, reason);
      if (answerRefusal != null) {
        answerRefusal.accept(socket, new JsonObject().put("type", "err").put("address", reply)
          .put("failureCode", code.status()).put("failureType", "RECIPIENT_FAILURE").put("message", error.toJson().encode()));
        event.complete(false);
        return;
      }
      frame.put("address", BridgeAddresses.REFUSED).put("body", error.toJson());
      frame.remove("headers");
      event.setRawMessage(frame);
      event.complete(true);
      return;
    }
    event.complete(false);
  }

  private static String token(JsonObject headers) {
    if (headers == null) {
      return null;
    }
    String value = headers.getString("authorization", headers.getString("Authorization"));
    if (value == null) {
      return null;
    }
    return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value.trim();
  }

  private static final java.util.regex.Pattern INBOUND = java.util.regex.Pattern.compile(String.join("|",
    inboundRegexes().stream().map(r -> "(?:" + r + ")").toList()));

  /** Inbound addresses a bridge lets through to the guard (everything else is refused by the bridge itself). */
  public static JsonArray inboundRegexes() {
    return new JsonArray().add("switchboard\\.bridge\\..+").add("switchboard\\.sessions").add("switchboard\\.mcp\\.registry");
  }
}
