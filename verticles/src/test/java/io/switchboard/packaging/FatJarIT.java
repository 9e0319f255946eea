package io.switchboard.packaging;

import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped artifact: {@code java -jar switchboard.jar} with no configuration file starts a complete node,
 * answers health, hands out a development token, serves an authenticated request, and stops on SIGTERM.
 */
class FatJarIT {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void jarRunsANodeOnDefaultsAndStopsOnSigterm() throws Exception {
    String jar = System.getProperty("switchboard.jar");
    assertTrue(new File(jar).isFile(), "the fat jar is built before integration tests: " + jar);
    int port = TestNodes.freePort();
    Path dir = Files.createTempDirectory("switchboard-jar");
    Path log = dir.resolve("node.log");
    ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar)
      .directory(dir.toFile())
      .redirectErrorStream(true)
      .redirectOutput(log.toFile());
    pb.environment().put("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
    pb.environment().put("SWITCHBOARD_WS_PORT", Integer.toString(TestNodes.freePort()));
    Process node = pb.start();
    try {
      assertTrue(Http.awaitHealthy(port, node, 60), "node did not become healthy:\n" + Files.readString(log));
      String token = Http.devToken(port, "jar-user");
      HttpResponse<String> created = Http.post(port, "/api/sessions", token, new JsonObject().put("title", "from the jar"));
      assertEquals(201, created.statusCode(), created.body());
      HttpResponse<String> metrics = Http.get(port, "/metrics", null);
      assertTrue(metrics.body().contains("switchboard_http_request_duration_seconds_count{route=\"/api/sessions\"}"),
        "requests are timed by route in the jar");
      assertTrue(metrics.body().contains("vertx_pool_"), "Vert.x metrics are on in the jar");
      assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics are on in the jar");
      assertTrue(Files.readString(dir.resolve("switchboard-audit.jsonl")).contains("\"event\":\"session_created\""),
        "the default audit log is a file in the working directory");
      assertEquals(200, Http.get(port, "/", null).statusCode(), "the web client is served");
    } finally {
      node.destroy(); // SIGTERM
    }
    // During the drain notice (http.drain-notice-seconds, 3) health says draining and everything else is still
    // served, the web client's files included: they were 500 while Vert.x's own shutdown hook deleted the directory
    // it had extracted them into.
    HttpResponse<String> draining = Http.get(port, "/api/health", null);
    for (int i = 0; i < 40 && draining.statusCode() != 503; i++) { // the signal takes a moment to arrive
      Thread.sleep(50);
      draining = Http.get(port, "/api/health", null);
    }
    assertEquals(503, draining.statusCode(), draining.body());
    HttpResponse<String> page = Http.get(port, "/", null);
    assertEquals(200, page.statusCode(), page.body());
    assertEquals(200, Http.get(port, "/js/ot.js", null).statusCode(), "a file under a folder of webroot/");
    assertEquals(404, Http.get(port, "/no-such-file", null).statusCode(), "unknown paths still 404 while draining");
    assertTrue(node.waitFor(45, TimeUnit.SECONDS), "node did not stop within 45 s of SIGTERM");
    String output = Files.readString(log);
    assertEquals(143, node.exitValue(), output);
    assertTrue(output.contains("ready (standalone)"), output);
    assertTrue(output.contains("curl -s -X POST http://127.0.0.1:" + port + "/api/auth/token"), "the log says how to get a token");
    assertTrue(output.contains("Switchboard stopped"), output);
    assertFalse(output.contains("Exception"), output);
    // No start-up noise a user would read as a fault (issue 16): Hazelcast's add-opens advice (the manifest carries
    // Add-Opens), the CP and join notices of a standalone node, Vert.x's repeated gauge registration.
    for (String noise : new String[]{"--add-opens", "UNSAFE mode", "No join method", "already registered"}) {
      assertFalse(output.contains(noise), noise + " in\n" + output);
    }
  }
}
