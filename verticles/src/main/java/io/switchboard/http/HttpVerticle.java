package io.switchboard.http;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.bridge.SockJsBridge;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.Drain;
import io.switchboard.mcp.Catalog;
import io.switchboard.session.SessionService;
import io.switchboard.topic.PublishPipeline;
import io.switchboard.mcp.McpApi;
import io.switchboard.mcp.McpDispatcher;
import io.switchboard.mcp.McpSettings;
import io.switchboard.mcp.transport.StreamableHttpTransport;
import io.switchboard.cluster.NodeLifecycle;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.security.DevTokens;
import io.switchboard.security.JwtKeys;
import io.switchboard.security.RateLimiter;
import io.switchboard.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP edge: REST {@code /api/*}, {@code /api/health}, {@code /metrics} and the web client at {@code /}. Deployed with several instances
 * sharing one port; it holds no session state (it asks the session service over the bus). On undeploy (SIGTERM)
 * it stops accepting, answers health with 503, and lets in-flight requests finish within
 * {@code http.drain-seconds}.
 */
public class HttpVerticle extends VerticleBase {

  public static final String HOST = "http.host";
  public static final String PORT = "http.port";
  public static final String INSTANCES = "http.instances";
  public static final String MAX_BODY_BYTES = "http.max-body-bytes";
  public static final String DRAIN_SECONDS = Drain.DRAIN_SECONDS;
  public static final String PUBLIC_PATHS = "http.public-paths";
  public static final String RATE_PER_SECOND = "http.rate-limit.per-second";
  public static final String RATE_BURST = "http.rate-limit.burst";
  public static final String BUS_TIMEOUT_MS = "bus.request-timeout-ms";
  /** A connection's first request headers must arrive within this (408 and close otherwise); also the WS port's. */
  public static final String HEADER_TIMEOUT_SECONDS = "http.header-timeout-seconds";
  /** A connection (kept-alive, SSE, SockJS) with nothing read or written for this long is closed. */
  public static final String IDLE_TIMEOUT_SECONDS = "http.idle-timeout-seconds";

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final RateLimiter rateLimiter;
  private HttpServer server;
  private McpDispatcher mcp;
  private HealthRoutes health;
  private final PublishPipeline pipeline;
  private final SessionService sessions;

  /**
   * @param rateLimiter the node's REST rate limiter, shared by every instance of this verticle
   * @param pipeline    the node's publish pipeline, shared with every other edge
   * @param sessions    the node's session service, shared with the session verticle (the bus endpoint)
   */
  public HttpVerticle(RateLimiter rateLimiter, PublishPipeline pipeline, SessionService sessions) {
    this.rateLimiter = rateLimiter;
    this.pipeline = pipeline;
    this.sessions = sessions;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(WebRoot::directory).compose(web -> JwtKeys.load(vertx, config()).compose(jwt -> {
      TokenVerifier verifier = new TokenVerifier(jwt, config());
      Router router = router(verifier, web);
      server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(config().getString(HOST))
        .setPort(config().getInteger(PORT))
        .setIdleTimeout(config().getInteger(IDLE_TIMEOUT_SECONDS))
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        // No h2c upgrade detection: with it, Vert.x makes the connection (and calls the connection handler, which
        // arms the header timeout) only once a whole request has arrived. Clients asking for h2c get HTTP/1.1.
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(true));
      long headerMs = config().getLong(HEADER_TIMEOUT_SECONDS) * 1000;
      server.connectionHandler(connection -> HeaderTimeout.install(connection, headerMs));
      return server.requestHandler(router).listen();
    })).onSuccess(s -> {
      NodeLifecycle.get(vertx).edgeStarted();
      LOG.debug("HTTP instance listening on {}:{}", config().getString(HOST), s.actualPort());
    });
  }

  /** MCP Streamable HTTP on {@code mcp.path}, with its own authentication rules (see StreamableHttpTransport). */
  private void mountMcp(Router router, TokenVerifier verifier) {
    HazelcastInstance hz = ClusterNode.get(vertx).hazelcast();
    McpSettings settings = McpSettings.from(config());
    mcp = new McpDispatcher(vertx, new Catalog(vertx, context, hz.getMap(McpApi.CATALOG)), settings.callTimeoutMs());
    mcp.start();
    new StreamableHttpTransport(vertx, context, settings, verifier, mcp, hz.getMap(McpApi.SESSIONS),
      hz.getMap(StreamableHttpTransport.EVENTS_MAP), rateLimiter).mount(router);
  }

  private Router router(TokenVerifier verifier, java.nio.file.Path webRoot) {
    NodeMetrics metrics = NodeMetrics.get(vertx);
    long timeoutMs = config().getLong(BUS_TIMEOUT_MS, 5000L);
    BusClient bus = new BusClient(vertx, timeoutMs);
    Set<String> publicPaths = new HashSet<>();
    config().getJsonArray(PUBLIC_PATHS, new JsonArray()).forEach(p -> publicPaths.add(String.valueOf(p)));
    boolean devTokens = DevTokens.enabled(config());
    if (devTokens) {
      publicPaths.add(AuthRoutes.TOKEN_PATH);
    }

    BearerAuthHandler auth = new BearerAuthHandler(verifier, publicPaths, metrics);
    RouteTags tags = new RouteTags(metrics, auth, new RateLimitHandler(rateLimiter, metrics));

    Router router = Router.router(vertx);
    router.route().handler(tags::countRequests);
    // MCP first: a router tries its routes in order, and the API's routes with path parameters are regular
    // expressions, which every MCP request went through before reaching its own exact path (2 % of its samples).
    mountMcp(router, verifier);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config().getLong(MAX_BODY_BYTES, 1048576L)));

    JsonObject webSocket = config().getBoolean(io.switchboard.MainVerticle.WS_ENABLED, true)
      ? new JsonObject().put("port", config().getInteger("ws.port")).put("path", config().getString("ws.path", "/ws"))
      : null;
    health = new HealthRoutes(vertx, ClusterNode.get(vertx), metrics, webSocket);
    health.mount(router, tags);
    if (devTokens) {
      new AuthRoutes(bus).mount(router, tags);
    }
    new SessionRoutes(sessions, timeoutMs).mount(router, tags);
    new InvitationRoutes(bus, pipeline).mount(router, tags);
    new TopicRoutes(pipeline).mount(router, tags);
    SockJsBridge.mount(vertx, router, verifier, config());
    // The web client (web/ in the repository, packed into the jar under webroot/ by verticles/pom.xml), served from
    // the node's own copy (WebRoot: Vert.x's class-path cache is deleted while the node still drains).
    // GET/HEAD outside /api/ and /eventbus/ only, so those keep their own answers; unversioned files: never cached.
    router.routeWithRegex("^/(?!api/|eventbus/).*").method(HttpMethod.GET).method(HttpMethod.HEAD)
      .handler(StaticHandler.create(FileSystemAccess.ROOT, webRoot.toString()).setCachingEnabled(false));

    router.route().failureHandler(ApiErrors::handle);
    for (int status : new int[]{400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ApiErrors::handle);
    }
    return router;
  }

  @Override
  public Future<?> stop() {
    if (mcp != null) {
      mcp.stop();
    }
    if (server == null) {
      return Future.succeededFuture();
    }
    // First the notice: health answers 503 draining while requests (new connections included) are still served, so
    // load balancers stop routing here; then no new connection, and in-flight requests get the drain time.
    health.draining();
    int notice = config().getInteger(Drain.NOTICE_SECONDS, 3);
    Future<?> noticed = notice > 0 ? vertx.timer(notice, TimeUnit.SECONDS) : Future.succeededFuture();
    return noticed.compose(v -> server.shutdown(config().getInteger(DRAIN_SECONDS, 10), TimeUnit.SECONDS))
      .eventually(() -> {
        NodeLifecycle.get(vertx).edgeDrained();
        return Future.succeededFuture();
      });
  }
}
