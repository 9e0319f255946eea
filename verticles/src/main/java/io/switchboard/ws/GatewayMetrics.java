package io.switchboard.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.metrics.NodeMetrics;

import java.time.Duration;
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
    this.bytesIn = Counter.builder("switchboard_ws_bytes").tag("direction", "in").register(registry);
    this.bytesOut = Counter.builder("switchboard_ws_bytes").tag("direction", "out").register(registry);
  }

  void messageIn(String type, int bytes) {
    in.computeIfAbsent(type, t -> metrics.counter("switchboard_ws_messages", null, "direction", "in", "type", t)).increment();
    bytesIn.increment(bytes);
  }

  void messageOut(String type, int bytes) {
    out.computeIfAbsent(type, t -> metrics.counter("switchboard_ws_messages", null, "direction", "out", "type", t)).increment();
    bytesOut.increment(bytes);
  }

  void delivered(long publishedAtMillis) {
    deliveryLatency.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - publishedAtMillis)));
  }

  void dropped(int priority) {
    metrics.counter("switchboard_ws_dropped", "deliveries dropped from a full outbound queue",
      "priority", Integer.toString(priority)).increment();
  }

  void rateLimited(String scope) {
    metrics.rateLimited(scope);
  }

  void closed(String reason) {
    metrics.counter("switchboard_ws_closes", "connections closed by the server, by reason", "reason", reason).increment();
  }

  void refused(int status) {
    metrics.counter("switchboard_ws_handshake_refusals", null, "status", Integer.toString(status)).increment();
  }
}
