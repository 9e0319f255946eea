package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The label filter on its own (the event-bus meters it bounds are off by default, see docs/metrics.md). */
class BoundedLabelsTest {

  @Test
  void addressesKeepTheirNameOnlyWhenTheyAreServiceAddresses() {
    assertEquals("switchboard.sessions.edits", BoundedLabels.address("switchboard.sessions.edits"));
    assertEquals("switchboard.mcp.cancel-request", BoundedLabels.address("switchboard.mcp.cancel-request"));
    assertEquals("switchboard.bridge.topic.*", BoundedLabels.address("switchboard.bridge.topic.user.alice.acme-deal"));
    assertEquals("switchboard.bridge.provider.*", BoundedLabels.address("switchboard.bridge.provider.bob.tools"));
    assertEquals("switchboard.mcp.channel.*", BoundedLabels.address("switchboard.mcp.channel.7f3a-11"));
    assertEquals("other", BoundedLabels.address("switchboard.anything.new.with-a-secret"));
    assertEquals("other", BoundedLabels.address("__vertx.reply.12345"));
    assertEquals("other", BoundedLabels.address("switchboard.Alice"));
    assertEquals("other", BoundedLabels.address("switchboard..x"));
  }

  @Test
  void aRegistryWithTheFilterHasOneSeriesPerFamily() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(new BoundedLabels());
    for (int i = 0; i < 1000; i++) {
      Counter.builder("vertx.eventbus.published").tag("address", "switchboard.bridge.topic.user.u" + i).register(registry).increment();
      Counter.builder("vertx.http.server.requests").tag("method", "M" + i).register(registry).increment();
    }
    assertEquals(2, registry.getMeters().size());
    assertEquals(1000, registry.get("vertx.eventbus.published").tag("address", "switchboard.bridge.topic.*").counter().count());
    assertEquals(1000, registry.get("vertx.http.server.requests").tag("method", "OTHER").counter().count());
  }
}
