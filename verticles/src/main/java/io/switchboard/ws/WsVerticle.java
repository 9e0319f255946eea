package io.switchboard.ws;

import io.switchboard.security.TopicPermissions;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.NodeLifecycle;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.protocol.Encoding;
import io.switchboard.security.Audit;
import io.switchboard.security.JwtKeys;
import io.switchboard.security.RateLimiter;
import io.switchboard.security.TokenVerifier;
import io.switchboard.session.SessionService;
import io.switchboard.topic.PublishPipeline;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.UUID;

/**
 * The raw WebSocket gateway ({@code ws://host:8081/ws}), several instances sharing the port. The handshake is
 * checked before the upgrade: a bad {@code Origin} gets 403, a missing or invalid token 401. Accepted sockets
 * become {@link Connection}s; publishes reach other nodes through {@link TopicFanout}.
 */
public class WsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WsVerticle.class);

  private static final String MCP_SUBPROTOCOL = "mcp";

  private final PublishPipeline pipeline;
  private final RateLimiter requestLimiter;
  private final SessionService sessionService;
  private io.switchboard.mcp.McpSettings mcpSettings;
  private io.switchboard.mcp.McpDispatcher mcp;
  private WsSettings settings;
  private Gateway gateway;
  private HttpServer server;
  private TokenVerifier verifier;
  /**
   * {@code ws.allowed-origins}, the same rule as the SockJS bridge's; one per instance, so its cache of parsed
   * origins lasts (a policy built per handshake parsed every browser's Origin as a URI again).
   */
  private io.switchboard.security.OriginPolicy origins;
  private long ticker;

  /**
   * @param pipeline the node's publish pipeline, shared by every instance and every other edge
   * @param requestLimiter the node's per-principal request budget (REST and MCP), which MCP over WebSocket draws on
   * @param sessionService the node's sessions and their documents, called from this instance's event loop
   */
  public WsVerticle(PublishPipeline pipeline, RateLimiter requestLimiter, SessionService sessionService) {
    this.pipeline = pipeline;
    this.requestLimiter = requestLimiter;
    this.sessionService = sessionService;
  }

  @Override
  public Future<?> start() {
    settings = WsSettings.from(config());
    origins = new io.switchboard.security.OriginPolicy(settings.allowedOrigins());
    mcpSettings = io.switchboard.mcp.McpSettings.from(config());
    ClusterNode node = ClusterNode.get(vertx);
    mcp = new io.switchboard.mcp.McpDispatcher(vertx, new io.switchboard.mcp.Catalog(vertx, context,
      node.hazelcast().getMap(io.switchboard.mcp.McpApi.CATALOG)), mcpSettings.callTimeoutMs());
    gateway = new Gateway(vertx, settings, node.nodeId(), pipeline, sessionService,
      new GatewayMetrics(NodeMetrics.get(vertx)), config());
    gateway.participants = new ParticipantRegistry(vertx, context, node.hazelcast().getMap(ParticipantRegistry.MAP));
    return JwtKeys.load(vertx, config()).compose(jwt -> {
      verifier = new TokenVerifier(jwt, config());
      gateway.fanout.start();
      gateway.sessions.start();
      if (gateway.inboxes != null) {
        gateway.inboxes.start();
      }
      mcp.start();
      HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setWebSocketSubProtocols(subprotocols())
        // Netty drops the TCP connection (the client sees 1006, not 1009) when a frame exceeds its limit, because
        // it stops reading mid-frame. So it gets the hard ceiling, and Connection enforces ws.max-frame-bytes
        // itself after reading the frame, closing with 1009 and a reason.
        .setMaxWebSocketFrameSize(WsSettings.FRAME_CEILING)
        .setMaxWebSocketMessageSize(WsSettings.FRAME_CEILING)
        .setPerMessageWebSocketCompressionSupported(settings.compression())
        .setPerFrameWebSocketCompressionSupported(settings.compression())
        .setHttp2ClearTextEnabled(false) // see HttpVerticle: the header timeout needs the connection at once
        // Every write to a socket of this server happens on its verticle's event loop (a Connection is confined to
        // it; Hazelcast and bus answers are handed back to it first). Strict mode lets Vert.x write straight to the
        // channel instead of through a multi-producer queue per connection, whose first array alone is 4 KB: two of
        // them were 8.2 of an idle connection's 16.5 KB of heap (docs/architecture.md, section 9).
        .setStrictThreadMode(true);
      server = vertx.createHttpServer(options);
      // On every connection: its first request's headers within the header timeout (408 otherwise), and nothing
      // inflated past the limit of the path upgraded (a close frame, 1009, with the reason).
      long headerMs = config().getLong(io.switchboard.http.HttpVerticle.HEADER_TIMEOUT_SECONDS) * 1000;
      server.connectionHandler(connection -> {
        io.switchboard.http.HeaderTimeout.install(connection, headerMs);
        InflateLimit.install(connection, options, mcpSettings.path(), mcpSettings.maxMessageBytes(), settings.maxFrameBytes());
      });
      server.webSocketHandshakeHandler(this::handshake);
      server.requestHandler(req -> req.response().setStatusCode(426).putHeader("Upgrade", "websocket")
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("code", "upgrade_required")
          .put("message", "this port serves WebSocket connections at " + settings.path())).encode()));
      return server.listen();
    }).onSuccess(s -> {
      ticker = vertx.setPeriodic(1000, id -> tick());
      NodeLifecycle.get(vertx).edgeStarted();
    });
  }

  private static java.util.List<String> subprotocols() {
    java.util.List<String> all = new java.util.ArrayList<>(Encoding.subprotocols());
    all.add(MCP_SUBPROTOCOL);
    return all;
  }

  private void handshake(ServerWebSocketHandshake hs) {
    if (mcpSettings.path().equals(hs.path())) {
      mcpHandshake(hs);
      return;
    }
    if (!settings.path().equals(hs.path())) {
      refuse(hs, 404, null);
      return;
    }
    if (NodeLifecycle.get(vertx).stopping()) {
      refuse(hs, 503, null);
      return;
    }
    String origin = hs.headers().get("Origin");
    if (!origins.allowed(origin, hs.authority() == null ? null : hs.authority().host())) {
      refuse(hs, 403, "origin not allowed: " + origin);
      return;
    }
    verifier.verifyWithClaims(Handshake.token(hs)).onComplete(
      verified -> hs.accept().onSuccess(ws -> connect(ws, verified)),
      err -> refuse(hs, 401, ServiceError.from(err).getMessage()));
  }

  /**
   * MCP over WebSocket ({@code ws://host:8081/mcp}, subprotocol {@code mcp}): one JSON-RPC message per text frame,
   * the session bound to the connection. Same token and Host/Origin rules as MCP over HTTP.
   */
  private void mcpHandshake(ServerWebSocketHandshake hs) {
    String protocols = hs.headers().get("Sec-WebSocket-Protocol");
    if (protocols == null || java.util.Arrays.stream(protocols.split(",")).map(String::trim).noneMatch(MCP_SUBPROTOCOL::equals)) {
      refuse(hs, 400, null);
      return;
    }
    String host = hs.authority() == null ? null : hs.authority().host();
    if (!mcpSettings.hostAllowed(host) || !mcpSettings.originAllowed(hs.headers().get("Origin"))) {
      refuse(hs, 403, "MCP host or origin not allowed: " + host + " / " + hs.headers().get("Origin"));
      return;
    }
    String token = Handshake.token(hs);
    Future<TokenVerifier.Verified> principal = token == null && mcpSettings.allowAnonymous()
      ? Future.succeededFuture(new TokenVerifier.Verified(new io.switchboard.security.Principal("anonymous",
        java.util.Set.of("user")), Long.MAX_VALUE))
      : verifier.verifyWithClaims(token);
    io.switchboard.mcp.transport.OpenConnections open = io.switchboard.mcp.transport.OpenConnections.of(vertx);
    principal.onComplete(verified -> {
      io.switchboard.security.Principal p = verified.principal();
      if (!open.open(p.subject(), mcpSettings.maxSessionsPerPrincipal())) {
        refuse(hs, 429, "too many open MCP sessions (" + io.switchboard.mcp.McpSettings.MAX_SESSIONS_PER_PRINCIPAL + ")");
        return;
      }
      hs.accept().onComplete(ws -> {
        io.switchboard.mcp.transport.McpConnection connection = new io.switchboard.mcp.transport.McpConnection(vertx, mcp,
          mcpSettings, p, ws::writeTextMessage, requestLimiter);
        ws.textMessageHandler(connection::receive);
        // Not served past its token's expiry: close 4001, as the gateway does.
        long expiry = verified.expiresAtMillis() == Long.MAX_VALUE ? -1 : vertx.setTimer(
          Math.max(1, verified.expiresAtMillis() - System.currentTimeMillis()),
          t -> ws.close(Connection.TOKEN_EXPIRED, "token expired: reconnect with a fresh token"));
        ws.closeHandler(v -> {
          vertx.cancelTimer(expiry);
          connection.close();
          open.closed(p.subject());
        });
      }, err -> open.closed(p.subject()));
    }, err -> refuse(hs, 401, ServiceError.from(err).getMessage()));
  }

  private void refuse(ServerWebSocketHandshake hs, int status, String reason) {
    gateway.metrics.refused(status);
    if (reason != null) {
      Audit.record(vertx, status == 401 ? Audit.AUTH_FAILED : Audit.ACCESS_DENIED, new JsonObject()
        .put("reason", reason).put("path", hs.path()).put("transport", "websocket")
        .put("remote", hs.remoteAddress() == null ? null : hs.remoteAddress().hostAddress()));
    }
    hs.reject(status);
  }

  private void connect(ServerWebSocket ws, TokenVerifier.Verified verified) {
    // The upgrade request's headers stay referenced by the socket for its whole life; nothing reads them after the
    // handshake. Dropping them frees the bearer token (it should not linger in the heap of a long-lived connection)
    // and most of a kilobyte per idle connection.
    ws.headers().clear();
    // The same permissions every other edge works out for this principal (the pipeline's rule, not a copy).
    TopicPermissions permissions = pipeline.permissions(verified.principal());
    Connection c = new Connection("c-" + UUID.randomUUID(), ws, verified.principal(), permissions, gateway,
      verified.expiresAtMillis());
    gateway.connected(c);
    c.start();
  }

  private long lastRefresh = System.currentTimeMillis();

  private void tick() {
    long now = System.currentTimeMillis();
    boolean refresh = now - lastRefresh > ParticipantRegistry.TTL_SECONDS * 1000 / 3;
    if (refresh) {
      lastRefresh = now;
    }
    for (Connection c : new ArrayList<>(gateway.connections)) {
      c.tick(now);
      if (refresh) {
        c.refreshParticipations();
      }
    }
  }

  /** Tells every client to go (1001) and stops listening; clients reconnect to another node. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(ticker);
    for (Connection c : new ArrayList<>(gateway.connections)) {
      c.close((short) 1001, "server shutting down", "shutdown");
    }
    gateway.fanout.stop();
    gateway.sessions.stop();
    if (gateway.inboxes != null) {
      gateway.inboxes.stop();
    }
    mcp.stop();
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(() -> {
      NodeLifecycle.get(vertx).edgeDrained();
      return Future.succeededFuture();
    });
  }
}
