package io.switchboard.metrics;

import io.switchboard.bridge.BridgeAddresses;
import io.switchboard.bridge.TcpFrames;
import io.switchboard.protocol.Encoding;
import io.switchboard.support.RunningNode;
import io.switchboard.support.WsClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing a client chooses becomes a metric label: 1,000 topics (over the bridge and over WebSocket), 1,000 bridge
 * provider addresses, 1,000 MCP tool calls and 1,000 users leave the number of Switchboard and Vert.x series on
 * /metrics unchanged, and no topic name appears there. The node runs with Vert.x metrics on, as the launcher runs it.
 */
class MetricsCardinalityTest {

  private static final int N = 1000;
  private static RunningNode node;
  private static WebClient web;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.startWithMetrics(new JsonObject()
        .put("http.rate-limit.per-second", 1_000_000).put("http.rate-limit.burst", 1_000_000)
        .put("ws.rate-limit.publish-per-second", 1_000_000).put("ws.rate-limit.publish-burst", 1_000_000)
        .put("ws.rate-limit.user-publish-per-second", 1_000_000));
    web = WebClient.create(node.vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  private static String scrape() throws Exception {
    return await(web.get(node.config.getInteger("http.port"), "127.0.0.1", "/metrics").send()).bodyAsString();
  }

  /** The series of Switchboard's and Vert.x's meters (JVM meters come and go with the collector's moods). */
  private static Set<String> series(String scrape) {
    Set<String> out = new TreeSet<>();
    scrape.lines().filter(l -> l.startsWith("switchboard_") || l.startsWith("vertx_"))
      .map(l -> l.substring(0, l.lastIndexOf(' '))).forEach(out::add);
    return out;
  }

  /** {@code n} of everything a client can vary, with names starting at {@code from}. */
  private static void traffic(String run, int n) throws Exception {
    String alice = node.tokens.token("alice", "user");
    try (TcpFrames bridge = TcpFrames.connect(node.config.getInteger("bridge.tcp.port"))) {
      bridge.request(BridgeAddresses.LOGIN, new JsonObject().put("token", alice), null);
      for (int i = 0; i < n; i++) {
        String topic = "user.alice.acquisition-of-acme-" + run + i;
        bridge.write(new JsonObject().put("type", "register").put("address", BridgeAddresses.TOPIC_PREFIX + topic));
        bridge.write(new JsonObject().put("type", "register").put("address", BridgeAddresses.providerPrefix("alice") + run + i));
        JsonObject reply = bridge.request(BridgeAddresses.PUBLISH, new JsonObject().put("topic", topic).put("payload", i), null);
        assertEquals("message", reply.getString("type"), reply.encode());
      }
    }
    WsClient ws = await(WsClient.connect(node.vertx, node.config.getInteger("ws.port"), alice, Encoding.JSON));
    await(ws.next("ready"));
    for (int i = 0; i < n; i++) {
      await(ws.send(new JsonObject().put("type", "publish").put("id", run + i).put("topic", "public.secret-" + run + i)
        .put("payload", i).put("ack", true)));
    }
    await(ws.next("ack", n));
    await(ws.close());
    String mcpSession = await(web.post(node.config.getInteger("http.port"), "127.0.0.1", "/mcp")
      .putHeader("Accept", "application/json, text/event-stream").bearerTokenAuthentication(alice)
      .sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", 0).put("method", "initialize").put("params",
        new JsonObject().put("protocolVersion", "2025-06-18").put("capabilities", new JsonObject())
          .put("clientInfo", new JsonObject().put("name", "t").put("version", "1"))))).getHeader("Mcp-Session-Id");
    for (int i = 0; i < n; i++) {
      int status = await(web.post(node.config.getInteger("http.port"), "127.0.0.1", "/mcp")
        .putHeader("Accept", "application/json, text/event-stream").putHeader("Mcp-Session-Id", mcpSession)
        .bearerTokenAuthentication(alice).sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", i + 1)
          .put("method", "tools/call").put("params", new JsonObject().put("name", "read_topic")
            .put("arguments", new JsonObject().put("topic", "public.secret-" + run + i))))).statusCode();
      assertEquals(200, status);
      assertEquals(200, await(web.get(node.config.getInteger("http.port"), "127.0.0.1", "/api/sessions")
        .bearerTokenAuthentication(node.tokens.token("user-" + run + i, "user")).send()).statusCode());
    }
  }

  /** Issue 16: counters were absent until their first event, and three had an empty HELP. */
  @Test
  void documentedSeriesExistFromTheStartWithTheirHelp() throws Exception {
    String s = scrape();
    for (String series : java.util.List.of("switchboard_ws_handshake_refusals_total{status=\"401\"}",
        "switchboard_ws_dropped_total{priority=\"4\"}", "switchboard_ws_closes_total{reason=\"slow_consumer\"}",
        "switchboard_rate_limit_rejections_total{scope=\"user_publish\"}",
        "switchboard_auth_failures_total{reason=\"invalid_token\"}",
        "switchboard_ws_messages_total{direction=\"in\",type=\"binary\"}")) {
      assertTrue(s.contains(series), series + " in\n" + s);
    }
    for (String name : java.util.List.of("switchboard_ws_bytes_total", "switchboard_ws_messages_total",
        "switchboard_ws_handshake_refusals_total")) {
      String help = s.lines().filter(l -> l.startsWith("# HELP " + name + " ")).findFirst().orElse("");
      assertTrue(help.length() > ("# HELP " + name + " ").length() + 5, "HELP of " + name + ": '" + help + "'");
    }
  }

  /**
   * Requests are timed and counted by the route that served them: MCP's own path (it was counted as
   * {@code unmatched}), an API template, the API's prefix for an unknown API path, {@code other} for a path no
   * route declares (never the path itself);
   * Vert.x's per-request HTTP meters are off (docs/metrics.md).
   */
  @Test
  void requestsAreCountedAndTimedByTheirRouteTemplate() throws Exception {
    int port = node.config.getInteger("http.port");
    String bob = node.tokens.token("bob", "user");
    assertEquals(200, await(web.post(port, "127.0.0.1", "/mcp")
      .putHeader("Accept", "application/json, text/event-stream").bearerTokenAuthentication(bob)
      .sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", 0).put("method", "initialize").put("params",
        new JsonObject().put("protocolVersion", "2025-06-18").put("capabilities", new JsonObject())
          .put("clientInfo", new JsonObject().put("name", "t").put("version", "1"))))).statusCode());
    assertEquals(404, await(web.get(port, "127.0.0.1", "/api/no-such-thing-xyzzy").bearerTokenAuthentication(bob)
      .send()).statusCode());
    assertEquals(404, await(web.get(port, "127.0.0.1", "/api/sessions/no-such-session").bearerTokenAuthentication(bob)
      .send()).statusCode());
    int nowhere = await(web.post(port, "127.0.0.1", "/nowhere-xyzzy").send()).statusCode();
    String s = scrape();
    assertTrue(s.contains("switchboard_http_requests_total{route=\"/mcp\",status=\"200\"}"), s);
    assertTrue(s.contains("switchboard_http_requests_total{route=\"/api/sessions/:id\",status=\"404\"}"), s);
    assertTrue(s.contains("switchboard_http_requests_total{route=\"/api/\",status=\"404\"}"), s);
    assertTrue(s.contains("switchboard_http_requests_total{route=\"other\",status=\"" + nowhere + "\"}"), s);
    assertTrue(s.contains("switchboard_http_request_duration_seconds_count{route=\"/mcp\"}"), s);
    assertTrue(s.contains("switchboard_http_request_duration_seconds_bucket{route=\"/api/sessions/:id\",le="), s);
    assertFalse(s.contains("xyzzy"), "a path a client chose is on /metrics");
    assertFalse(s.contains("route=\"unmatched\""), s);
    assertFalse(s.contains("vertx_http_server_requests"), "Vert.x's per-request meters are off");
  }

  @Test
  void clientChosenNamesNeverBecomeSeries() throws Exception {
    traffic("warm", 3);
    scrape(); // the scrape's own request series
    Set<String> before = series(scrape());
    traffic("run", N);
    String after = scrape();
    Set<String> added = new TreeSet<>(series(after));
    added.removeAll(before);
    assertEquals(Set.of(), added, "series added by " + N + " topics, providers, MCP calls and users");
    assertFalse(after.contains("acquisition-of-acme"), "a private topic name is on /metrics");
    assertFalse(after.contains("secret-run"), "a topic name is on /metrics");
  }
}
