package io.switchboard.protocol.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.topic.TopicPattern;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Filters and topic patterns run per delivery: evaluating them must not allocate. */
class EvaluationAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void filterAndPatternEvaluationAllocateNothing() {
    Filter filter = Filter.parse(new JsonObject("{\"or\":[{\"and\":[{\"field\":\"price\",\"op\":\"gte\",\"value\":10},"
        + "{\"field\":\"venue.country\",\"op\":\"in\",\"value\":[\"FR\",\"DE\",3]}]},{\"field\":\"x\",\"op\":\"exists\"}]}"));
    JsonObject payload = new JsonObject("{\"price\":12.5,\"venue\":{\"country\":\"DE\"}}");
    // the decoders store nested objects as JsonObject; do the same here
    payload.put("venue", payload.getJsonObject("venue"));
    TopicPattern pattern = TopicPattern.compile("prices.*.>");
    String topic = "prices.eur.usd.spot";

    int hits = 0;
    for (int i = 0; i < 50_000; i++) { // warm up
      hits += (filter.test(payload) ? 1 : 0) + (pattern.matches(topic) ? 1 : 0);
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      hits += (filter.test(payload) ? 1 : 0) + (pattern.matches(topic) ? 1 : 0);
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

    assertTrue(hits == 300_000, "every evaluation matched: " + hits);
    // 200k evaluations; anything proportional to them would be megabytes
    assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
  }
}
