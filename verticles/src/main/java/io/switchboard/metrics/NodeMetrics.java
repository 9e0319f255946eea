package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's Prometheus registry, one per {@link Vertx}, and Switchboard's own meters (names in
 * docs/metrics.md). When the node runs with Vert.x metrics ({@link #enable}, as the launcher does) Vert.x's
 * HTTP, event-bus and JVM meters land in the same registry; otherwise only Switchboard's own are there.
 */
public final class NodeMetrics implements Shareable {

  public static final String REGISTRY_NAME = "switchboard";
  private static final String LOCAL_MAP = "switchboard.node";

  private final PrometheusMeterRegistry registry;
  /** Counters by name and tags, built once: registering a meter id per request costs more than the request. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  private NodeMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    // The documented label values exist from the start, at zero (docs/metrics.md).
    for (String scope : new String[]{"rest", "ws_connection", "user_publish"}) {
      rateLimitRejections(scope);
    }
    for (String reason : new String[]{"unauthorized", "invalid_token"}) {
      authFailures(reason);
    }
  }

  /**
   * Turns on Vert.x's own metrics (pools, TCP, JVM) into the Switchboard registry. Not the event bus's: Vert.x looks
   * a counter up (and Micrometer maps its id) for every message sent, published, received and delivered, which was
   * 8.6 % of the CPU of a node relaying publishes. Not the HTTP server's either: Vert.x registers (looks up by a
   * freshly built id) a gauge, a counter, a timer and two summaries for every request, including every WebSocket
   * upgrade — 4–6 % of the samples of a node answering trivial MCP calls or accepting connections. Switchboard's own
   * meters count what crosses the edges: {@link #httpRequest} times and counts each request by route template and
   * status, from meters resolved once per route.
   */
  public static VertxOptions enable(VertxOptions options) {
    return options.setMetricsOptions(new MicrometerMetricsOptions()
      .setEnabled(true)
      .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.EVENT_BUS)
      .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.HTTP_SERVER)
      .setJvmMetricsEnabled(true)
      .setRegistryName(REGISTRY_NAME)
      .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
  }

  /**
   * A Vert.x builder whose metrics (options from {@link #enable}) go to a Prometheus registry made here, with
   * {@link BoundedLabels} as its filter before any meter exists (Vert.x's options take no meter filter).
   */
  public static io.vertx.core.VertxBuilder builder(VertxOptions options) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new BoundedLabels());
    return io.vertx.core.Vertx.builder().with(enable(options))
      .withMetrics(new io.vertx.micrometer.MicrometerMetricsFactory(registry));
  }

  public static NodeMetrics get(Vertx vertx) {
    LocalMap<String, NodeMetrics> map = vertx.sharedData().getLocalMap(LOCAL_MAP);
    return map.computeIfAbsent("metrics", k -> new NodeMetrics(registryFor(vertx)));
  }

  private static PrometheusMeterRegistry registryFor(Vertx vertx) {
    if (vertx.isMetricsEnabled()) {
      MeterRegistry shared = BackendRegistries.getNow(REGISTRY_NAME);
      if (shared instanceof PrometheusMeterRegistry prometheus) {
        return prometheus;
      }
    }
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> gauges =
    new java.util.concurrent.ConcurrentHashMap<>();

  /** A node-wide value exposed as a gauge; every verticle instance of the node updates the same one. */
  public java.util.concurrent.atomic.AtomicLong gauge(String name, String description) {
    return gauges.computeIfAbsent(name, n -> {
      java.util.concurrent.atomic.AtomicLong value = new java.util.concurrent.atomic.AtomicLong();
      io.micrometer.core.instrument.Gauge.builder(n, value, java.util.concurrent.atomic.AtomicLong::get)
        .description(description).register(registry);
      return value;
    });
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * One HTTP request answered: counted by route template and status, timed by route template (from its arrival to
   * the end of its response).
   */
  public void httpRequest(String route, int status, long nanos) {
    // Every request: a look-up by the route template (a constant string, its hash cached) and the status as an index,
    // instead of building and hashing "name\0route\0status" (4.6 % of a trivial MCP call's samples).
    HttpRoute meters = httpRoutes.get(route);
    if (meters == null) {
      meters = httpRoutes.computeIfAbsent(route, r -> new HttpRoute(io.micrometer.core.instrument.Timer
        .builder("switchboard_http_request_duration").description("HTTP requests, arrival to end of response, by route template")
        .tag("route", r).publishPercentileHistogram().register(registry)));
    }
    meters.duration.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (status < 0 || status >= 600) {
      httpRequestCounter(route, status).increment();
      return;
    }
    Counter c = meters.byStatus.get(status);
    if (c == null) {
      c = httpRequestCounter(route, status);
      meters.byStatus.set(status, c);
    }
    c.increment();
  }

  private Counter httpRequestCounter(String route, int status) {
    return counter("switchboard_http_requests", "HTTP requests answered, by route template and status",
      "route", route, "status", Integer.toString(status));
  }

  /** A route template's meters: its timer, and its counters by status (route templates are the code's own). */
  private record HttpRoute(io.micrometer.core.instrument.Timer duration,
                           java.util.concurrent.atomic.AtomicReferenceArray<Counter> byStatus) {
    HttpRoute(io.micrometer.core.instrument.Timer duration) {
      this(duration, new java.util.concurrent.atomic.AtomicReferenceArray<>(600));
    }
  }

  private final java.util.Map<String, HttpRoute> httpRoutes = new java.util.concurrent.ConcurrentHashMap<>();

  public void rateLimited(String scope) {
    rateLimitRejections(scope).increment();
  }

  public void authFailure(String reason) {
    authFailures(reason).increment();
  }

  private Counter rateLimitRejections(String scope) {
    return counter("switchboard_rate_limit_rejections", "requests refused by a rate limit", "scope", scope);
  }

  private Counter authFailures(String reason) {
    return counter("switchboard_auth_failures", "requests refused for a missing or invalid token", "reason", reason);
  }

  public void sessionOperation(String op, String outcome) {
    counter("switchboard_session_operations", "session service operations on this node, by outcome",
      "op", op, "outcome", outcome).increment();
  }

  /** A read from Redis (topic history, recovery), by outcome: ok, or failed (including breaker open). */
  public void redisRead(String outcome) {
    counter("switchboard_redis_reads", "reads from Redis through the circuit breaker, by outcome",
      "outcome", outcome).increment();
  }

  /** Offline-inbox messages sent to clients: {@code stored} (read on connect) or {@code live} (pushed). */
  public void inboxDelivered(String source, long n) {
    if (n > 0) {
      counter("switchboard_inbox_delivered",
        "offline-inbox messages sent to WebSocket clients, by source (stored on connect, live push)",
        "source", source).increment(n);
    }
  }

  /**
   * The counter with this name and tags ({@code key, value, ...}), registered on first use and cached: meters on hot
   * paths (per message, per request) are looked up here, never built per call. {@code description} may be null.
   */
  public Counter counter(String name, String description, String... tags) {
    String key = name + '\u0000' + String.join("\u0000", tags);
    return counters.computeIfAbsent(key,
      k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }
}
