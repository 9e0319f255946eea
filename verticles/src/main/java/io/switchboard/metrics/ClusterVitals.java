package io.switchboard.metrics;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.topic.TopicActivity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's vital signs in one place, for the web client's dashboard: every node writes its own figures
 * (WebSocket connections, messages in and out so far, delivery latency p50/p99 over the last interval) into a small
 * Hazelcast map every {@link #INTERVAL_MS}, each entry living a few intervals, so any node answers
 * {@code GET /api/cluster} for all of them (a browser could not reach the other nodes' {@code /metrics}). A node that
 * stops writing drops out on its own. Cost: one map write per node every 2 s.
 */
public final class ClusterVitals {

  public static final String MAP = "switchboard.nodes.vitals";
  /**
   * Each node's busiest topics of the last interval, apart from the vitals: topic names are not public (the list
   * is served filtered by the caller's permissions, {@code GET /api/topics/active}).
   */
  public static final String TOPICS_MAP = "switchboard.nodes.topics";
  static final int TOP_TOPICS = 100;
  static final long INTERVAL_MS = 2000;
  private static final long TTL_MS = 3 * INTERVAL_MS + 1000;

  private final Vertx vertx;
  private final ClusterNode node;
  private final MeterRegistry registry;
  private final IMap<String, HazelcastJsonValue> vitals;
  private final IMap<String, HazelcastJsonValue> topics;
  private final TopicActivity activity;
  private CountAtBucket[] previous;
  private long timer = -1;

  private ClusterVitals(Vertx vertx, ClusterNode node, MeterRegistry registry, IMap<String, HazelcastJsonValue> vitals,
                        IMap<String, HazelcastJsonValue> topics, TopicActivity activity) {
    this.vertx = vertx;
    this.node = node;
    this.registry = registry;
    this.vitals = vitals;
    this.topics = topics;
    this.activity = activity;
  }

  /** Starts writing this node's figures (the map proxies are made on a worker: a blocking cluster call). */
  public static Future<ClusterVitals> start(Vertx vertx, ClusterNode node, MeterRegistry registry, TopicActivity activity) {
    return vertx.executeBlocking(() -> List.of(node.hazelcast().<String, HazelcastJsonValue>getMap(MAP),
        node.hazelcast().<String, HazelcastJsonValue>getMap(TOPICS_MAP)), false)
      .map(maps -> {
        ClusterVitals v = new ClusterVitals(vertx, node, registry, maps.get(0), maps.get(1), activity);
        v.timer = vertx.setPeriodic(0, INTERVAL_MS, id -> v.publish());
        return v;
      });
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** Every node's latest figures, oldest node first: {@code {nodes: [...], members: [...]}}. */
  public static Future<JsonObject> read(Vertx vertx, ClusterNode node) {
    return vertx.executeBlocking(() -> {
      List<JsonObject> nodes = new ArrayList<>();
      for (HazelcastJsonValue v : node.hazelcast().<String, HazelcastJsonValue>getMap(MAP).values()) {
        nodes.add(new JsonObject(v.toString()));
      }
      nodes.sort((a, b) -> Long.compare(b.getLong("uptimeSeconds", 0L), a.getLong("uptimeSeconds", 0L)));
      return new JsonObject().put("nodes", new JsonArray(new ArrayList<>(nodes)))
        .put("members", new JsonArray(new ArrayList<>(node.members())));
    }, false);
  }

  private void publish() {
    JsonObject figures = new JsonObject()
      .put("nodeId", node.nodeId())
      .put("clustered", node.clustered())
      .put("uptimeSeconds", node.uptimeSeconds())
      .put("at", System.currentTimeMillis())
      .put("connections", gauge("switchboard_ws_connections"))
      .put("messagesIn", counted("in"))
      .put("messagesOut", counted("out"));
    JsonObject latency = deliveryLatency();
    if (latency != null) {
      figures.put("delivery", latency);
    }
    vitals.setAsync(node.nodeId(), new HazelcastJsonValue(figures.encode()), TTL_MS, TimeUnit.MILLISECONDS);
    Map<String, Long> busiest = activity.drain(TOP_TOPICS);
    JsonObject counts = new JsonObject();
    busiest.forEach(counts::put);
    topics.setAsync(node.nodeId(), new HazelcastJsonValue(new JsonObject().put("at", System.currentTimeMillis())
      .put("intervalMs", INTERVAL_MS).put("counts", counts).encode()), TTL_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * The topics with traffic in the last interval, over every node, that {@code visible} lets through (the caller's
   * subscribe permissions): {@code {topics: [{topic, perSecond}]}}, busiest first, at most {@code limit}.
   */
  public static Future<JsonObject> activeTopics(Vertx vertx, ClusterNode node, java.util.function.Predicate<String> visible,
                                                int limit) {
    return vertx.executeBlocking(() -> {
      Map<String, Double> rates = new java.util.HashMap<>();
      for (HazelcastJsonValue v : node.hazelcast().<String, HazelcastJsonValue>getMap(TOPICS_MAP).values()) {
        JsonObject entry = new JsonObject(v.toString());
        double seconds = entry.getLong("intervalMs", INTERVAL_MS) / 1000.0;
        entry.getJsonObject("counts", new JsonObject()).forEach(e -> {
          if (visible.test(e.getKey())) {
            rates.merge(e.getKey(), ((Number) e.getValue()).doubleValue() / seconds, Double::sum);
          }
        });
      }
      JsonArray out = new JsonArray();
      rates.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(limit)
        .forEach(e -> out.add(new JsonObject().put("topic", e.getKey())
          .put("perSecond", Math.round(e.getValue() * 10) / 10.0)));
      return new JsonObject().put("topics", out);
    }, false);
  }

  private long gauge(String name) {
    Gauge g = registry.find(name).gauge();
    return g == null ? 0 : Math.round(g.value());
  }

  private long counted(String direction) {
    double total = 0;
    for (Counter c : registry.find("switchboard_ws_messages").tag("direction", direction).counters()) {
      total += c.count();
    }
    return Math.round(total);
  }

  /** p50 and p99 (ms) of the deliveries since the last interval, from the histogram's buckets; null when none. */
  private JsonObject deliveryLatency() {
    Timer t = registry.find("switchboard_ws_delivery_latency").timer();
    if (t == null) {
      return null;
    }
    CountAtBucket[] now = t.takeSnapshot().histogramCounts();
    CountAtBucket[] before = previous;
    previous = now;
    if (before == null || before.length != now.length || now.length == 0) {
      return null;
    }
    double total = now[now.length - 1].count() - before[before.length - 1].count();
    if (total <= 0) {
      return new JsonObject().put("deliveries", 0);
    }
    return new JsonObject().put("deliveries", Math.round(total))
      .put("p50Ms", percentile(before, now, total, 0.50)).put("p99Ms", percentile(before, now, total, 0.99));
  }

  private static double percentile(CountAtBucket[] before, CountAtBucket[] now, double total, double q) {
    for (int i = 0; i < now.length; i++) {
      if (now[i].count() - before[i].count() >= q * total) {
        return Math.round(now[i].bucket(TimeUnit.MILLISECONDS) * 100) / 100.0;
      }
    }
    return Math.round(now[now.length - 1].bucket(TimeUnit.MILLISECONDS) * 100) / 100.0;
  }
}
