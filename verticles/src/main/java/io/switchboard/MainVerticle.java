package io.switchboard;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.metrics.ClusterVitals;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.config.ConfigLoader;
import io.switchboard.bridge.BridgeServices;
import io.switchboard.bridge.TcpBridgeVerticle;
import io.switchboard.federation.FederationSettings;
import io.switchboard.federation.FederationVerticle;
import io.switchboard.http.HttpVerticle;
import io.switchboard.mcp.McpVerticle;
import io.switchboard.mcp.transport.McpStdioVerticle;
import io.switchboard.redis.RedisSettings;
import io.switchboard.redis.RedisVerticle;
import io.switchboard.protocol.eventbus.EnvelopeCodec;
import io.switchboard.ws.WsVerticle;
import io.switchboard.security.DevTokens;
import io.switchboard.security.RateLimiter;
import io.switchboard.security.SecurityConfig;
import io.switchboard.security.SecurityVerticle;
import io.switchboard.session.SessionService;
import io.switchboard.session.SessionVerticle;
import io.switchboard.topic.PublishPipeline;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Composes a node: resolves the configuration (defaults, {@code -conf} file, {@code SWITCHBOARD_*} environment),
 * joins or starts the node's Hazelcast, then deploys the services and, last, the edges that expose them.
 * Undeploying it (SIGTERM) stops the edges first, so in-flight requests drain before the services go.
 */
public class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);
  private static final String GENERATED_SECRET_MAP = "switchboard.security";
  public static final String HTTP_ENABLED = "http.enabled";
  public static final String WS_ENABLED = "ws.enabled";
  /** Set by {@code mcp-stdio}: serve MCP on stdin/stdout. */
  public static final String MCP_STDIO = "mcp.stdio";

  private ClusterNode node;
  private ClusterVitals vitals;
  private RateLimiter restLimiter;
  private RateLimiter userPublishLimiter;
  private PublishPipeline pipeline;
  private SessionService sessions;

  @Override
  public Future<?> start() {
    JsonObject config;
    try {
      config = ConfigLoader.load(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture("configuration: " + e.getMessage());
    }
    return ClusterNode.start(vertx)
      .compose(started -> {
        node = started;
        return resolveSecret(config);
      })
      .compose(v -> {
        // Once per Vertx, never in a verticle deployed with several instances.
        EnvelopeCodec.register(vertx.eventBus());
        io.switchboard.protocol.eventbus.FanoutBatchCodec.register(vertx.eventBus());
        // First of the services, so that every later verticle finds the node's RedisStore when it starts.
        return RedisSettings.configured(config) ? deploy(RedisVerticle::new, config, 1) : Future.succeededFuture("");
      })
      .compose(v -> {
        // The node's services every edge shares, built once: the two per-principal budgets, and the one publish
        // pipeline (permissions, the per-user budget, sequence, dedup, history, archive, fan-out).
        restLimiter = new RateLimiter(vertx, config.getDouble(HttpVerticle.RATE_PER_SECOND),
          config.getDouble(HttpVerticle.RATE_BURST), 100_000);
        double userRate = config.getDouble(PublishPipeline.USER_RATE);
        userPublishLimiter = new RateLimiter(vertx, userRate, userRate * 2, 100_000);
        return PublishPipeline.open(vertx, config, userPublishLimiter);
      })
      .compose(built -> {
        pipeline = built;
        // the node's figures in the cluster's vitals maps, for the dashboard and the list of active topics
        return ClusterVitals.start(vertx, node, NodeMetrics.get(vertx).registry(), pipeline.activity())
          .onSuccess(cv -> vitals = cv);
      })
      .compose(v -> {
        // Before the edges, so that every publish finds the export (FederationSettings refuses it without Redis).
        return FederationSettings.enabled(config) ? deploy(() -> new FederationVerticle(pipeline), config, 1)
          : Future.succeededFuture("");
      })
      .compose(v -> deploy(SecurityVerticle::new, config, 1))
      .compose(v -> SessionService.open(vertx, config).onSuccess(built -> sessions = built))
      .compose(v -> deploy(() -> new SessionVerticle(sessions), config, 1))
      .compose(v -> deploy(() -> new McpVerticle(pipeline, sessions), config, 1))
      .compose(v -> deploy(() -> new BridgeServices(pipeline), config, 1))
      .compose(v -> config.getBoolean(HTTP_ENABLED)
          ? deploy(() -> new HttpVerticle(restLimiter, pipeline, sessions), config, config.getInteger(HttpVerticle.INSTANCES))
          : Future.succeededFuture(""))
      .compose(v -> config.getBoolean(WS_ENABLED)
        ? deploy(() -> new WsVerticle(pipeline, restLimiter, sessions), config, config.getInteger("ws.instances"))
        : Future.succeededFuture(""))
      .compose(v -> config.getBoolean(TcpBridgeVerticle.ENABLED)
        ? deploy(TcpBridgeVerticle::new, config, 1)
        : Future.succeededFuture(""))
      .compose(v -> config.getBoolean(MCP_STDIO) ? deploy(McpStdioVerticle::new, config, 1) : Future.succeededFuture(""))
      .onSuccess(v -> {
        if (!config.getBoolean(MCP_STDIO)) {
          announce(config);
        }
      });
  }

  private Future<String> deploy(java.util.function.Supplier<? extends VerticleBase> verticle, JsonObject config, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config).setInstances(instances));
  }

  /**
   * No key configured: generate an HS256 secret. In a cluster the first node's secret is shared through
   * Hazelcast, so a token from one node is accepted by every other.
   */
  private Future<Void> resolveSecret(JsonObject config) {
    boolean keyConfigured = !config.getString(SecurityConfig.JWT_SECRET).isEmpty()
      || !config.getString(SecurityConfig.JWT_PUBLIC_KEY_FILE).isEmpty()
      || !config.getString(SecurityConfig.JWT_JWKS_FILE).isEmpty();
    config.put(SecurityConfig.JWT_SECRET_GENERATED, !keyConfigured);
    if (keyConfigured) {
      return Future.succeededFuture();
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    if (!node.clustered()) {
      config.put(SecurityConfig.JWT_SECRET, secret);
      return Future.succeededFuture();
    }
    return vertx.sharedData().<String, String>getAsyncMap(GENERATED_SECRET_MAP)
      .compose(map -> map.putIfAbsent("hs256", secret))
      .map(existing -> {
        config.put(SecurityConfig.JWT_SECRET, existing != null ? existing : secret);
        return null;
      });
  }

  private void announce(JsonObject config) {
    String base = "http://" + config.getString(HttpVerticle.HOST) + ":" + config.getInteger(HttpVerticle.PORT);
    LOG.info("Switchboard {} node {} ready ({}), REST API at {}/api, health at {}/api/health, WebSocket at ws://{}:{}{}",
      Version.VERSION, node.nodeId(), node.clustered() ? "cluster of " + node.members().size() : "standalone", base, base,
      config.getString("ws.host"), config.getInteger("ws.port"), config.getString("ws.path"));
    if (DevTokens.enabled(config)) {
      LOG.info("Development tokens are on (generated secret, loopback only). Get one with:\n  curl -s -X POST {}/api/auth/token"
        + " -H 'Content-Type: application/json' -d '{\"sub\":\"alice\",\"roles\":[\"user\"]}'", base);
    } else if (config.getBoolean(SecurityConfig.JWT_SECRET_GENERATED)) {
      LOG.warn("No JWT key configured and development tokens are off: no client can authenticate. Set "
        + "auth.jwt.secret, auth.jwt.public-key-file or auth.jwt.jwks-file (see docs/configuration.md).");
    }
  }

  @Override
  public Future<?> stop() {
    // Children (edges, then services) are undeployed before this runs.
    if (restLimiter != null) {
      restLimiter.close();
    }
    if (userPublishLimiter != null) {
      userPublishLimiter.close();
    }
    if (sessions != null) {
      sessions.close();
    }
    if (vitals != null) {
      vitals.stop();
    }
    return node == null ? Future.succeededFuture() : node.stop(vertx);
  }
}
