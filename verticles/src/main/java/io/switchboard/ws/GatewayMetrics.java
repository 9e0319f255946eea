package io.switchboard.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.metrics.NodeMetrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The WebSocket gateway's meters (names in docs/metrics.md). */
final class GatewayMetrics {

  private final NodeMetrics metrics;
  final AtomicLong connections;
  private final Timer deliveryLatency;
  private final Counter bytesIn;
  private final Counter bytesOut;
  /** Per message type (a fixed set: frame kinds and server message types), found without building a key per message. */
  private final java.util.Map<String, Counter> in = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Map<String, Counter> out = new java.util.concurrent.ConcurrentHashMap<>();

  GatewayMetrics(NodeMetrics metrics) {
    this.metrics = metrics;
    MeterRegistry registry = metrics.registry();
    this.connections = metrics.gauge("switchboard_ws_connections", "open WebSocket connections on this node");
    this.deliveryLatency = Timer.builder("switchboard_ws_delivery_latency")
      .description("from a publish's acceptance to the write of its delivery to a subscriber")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
      .register(registry);
    this.bytesIn = Counter.builder("switchboard_ws_bytes").description(BYTES).tag("direction", "in").register(registry);
    this.bytesOut = Counter.builder("switchboard_ws_bytes").description(BYTES).tag("direction", "out").register(registry);
    // The documented series exist from the start, at zero, so that a dashboard or an alert sees them before the
    // first event (and a rate() over them is 0, not "no data").
    for (String kind : new String[]{"text", "binary"}) {
      messages(in, "in", kind);
    }
    for (int status : new int[]{401, 403, 404, 503}) {
      refusals(status);
    }
    for (int priority = 0; priority <= 4; priority++) {
      drops(priority);
    }
    for (String reason : CLOSE_REASONS) {
      closes(reason);
    }
  }

  private static final String BYTES = "WebSocket payload bytes, by direction";
  private static final String MESSAGES = "WebSocket messages: in by frame kind, out by message type";
  /** The reasons docs/metrics.md lists; others appear when they first happen. */
  private static final String[] CLOSE_REASONS =
    {"slow_consumer", "rate_limit_abuse", "too_large", "invalid_utf8", "idle_timeout", "shutdown"};

  private Counter refusals(int status) {
    return metrics.counter("switchboard_ws_handshake_refusals", "WebSocket upgrades refused, by HTTP status",
      "status", Integer.toString(status));
  }

  private Counter drops(int priority) {
    return metrics.counter("switchboard_ws_dropped", "deliveries dropped from a full outbound queue",
      "priority", Integer.toString(priority));
  }

  private Counter closes(String reason) {
    return metrics.counter("switchboard_ws_closes", "connections closed by the server, by reason", "reason", reason);
  }

  /** The counter of one direction and message type, from that direction's cache (no key built per message). */
  private Counter messages(java.util.Map<String, Counter> cache, String direction, String type) {
    Counter counter = cache.get(type); // a plain get first: computeIfAbsent's capturing lambda was an allocation per message
    return counter != null ? counter
      : cache.computeIfAbsent(type, t -> metrics.counter("switchboard_ws_messages", MESSAGES, "direction", direction, "type", t));
  }

  void messageIn(String type, int bytes) {
    messages(in, "in", type).increment();
    bytesIn.increment(bytes);
  }

  void messageOut(String type, int bytes) {
    messages(out, "out", type).increment();
    bytesOut.increment(bytes);
  }

  void delivered(long publishedAtMillis) {
    // record(long, unit), not a Duration: this runs once per delivered message
    deliveryLatency.record(Math.max(0, System.currentTimeMillis() - publishedAtMillis), TimeUnit.MILLISECONDS);
  }

  void dropped(int priority) {
    drops(priority).increment();
  }

  void rateLimited(String scope) {
    metrics.rateLimited(scope);
  }

  void closed(String reason) {
    closes(reason).increment();
  }

  void refused(int status) {
    refusals(status).increment();
  }
}
