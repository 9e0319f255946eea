package io.switchboard.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.metrics.NodeMetrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The WebSocket gateway's meters (names in docs/metrics.md). */
final class GatewayMetrics {

  private final MeterRegistry registry;
  final AtomicLong connections;
  private final Timer deliveryLatency;
  private final Counter bytesIn;
  private final Counter bytesOut;
  // Counters by message type, looked up once: building and registering a meter id on every message (tags sorted,
  // a registry lookup) costs more than the rest of a ping's handling.
  private final Map<String, Counter> messagesIn = new ConcurrentHashMap<>();
  private final Map<String, Counter> messagesOut = new ConcurrentHashMap<>();

  GatewayMetrics(NodeMetrics metrics) {
    this.registry = metrics.registry();
    this.connections = metrics.gauge("switchboard_ws_connections", "open WebSocket connections on this node");
    this.deliveryLatency = Timer.builder("switchboard_ws_delivery_latency")
      .description("from a publish's acceptance to the write of its delivery to a subscriber")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
      .register(registry);
    this.bytesIn = Counter.builder("switchboard_ws_bytes").tag("direction", "in").register(registry);
    this.bytesOut = Counter.builder("switchboard_ws_bytes").tag("direction", "out").register(registry);
  }

  void messageIn(String type, int bytes) {
    messagesIn.computeIfAbsent(type, t -> messages("in", t)).increment();
    bytesIn.increment(bytes);
  }

  void messageOut(String type, int bytes) {
    messagesOut.computeIfAbsent(type, t -> messages("out", t)).increment();
    bytesOut.increment(bytes);
  }

  private Counter messages(String direction, String type) {
    return Counter.builder("switchboard_ws_messages").tag("direction", direction).tag("type", type).register(registry);
  }

  void delivered(long publishedAtMillis) {
    deliveryLatency.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - publishedAtMillis)));
  }

  void dropped(int priority) {
    Counter.builder("switchboard_ws_dropped").description("deliveries dropped from a full outbound queue")
      .tag("priority", Integer.toString(priority)).register(registry).increment();
  }

  void rateLimited(String scope) {
    Counter.builder("switchboard_rate_limit_rejections").tag("scope", scope).register(registry).increment();
  }

  void closed(String reason) {
    Counter.builder("switchboard_ws_closes").description("connections closed by the server, by reason")
      .tag("reason", reason).register(registry).increment();
  }

  void refused(int status) {
    Counter.builder("switchboard_ws_handshake_refusals").tag("status", Integer.toString(status)).register(registry).increment();
  }
}
