package io.switchboard.mcp;

import io.switchboard.mcp.node.NodeTools;
import io.switchboard.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP conformance suite (npm {@code @modelcontextprotocol/conformance} 0.1.16, Node 22) against a
 * live node: every server scenario, active and pending, with no expected-failures list. The suite cannot send an
 * {@code Authorization} header, so this node explicitly allows anonymous MCP callers (off by default) and deploys
 * the suite's fixture tools, resources and prompts (docs/mcp-conformance-fixture.md).
 */
@ExtendWith(VertxExtension.class)
class McpConformanceTest {

  private static int port;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    port = TestNodes.freePort();
    TestNodes.deploy(vertx, TestNodes.config(port).put("mcp.allow-anonymous", true).put("mcp.conformance-fixture", true))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void everyServerScenarioPasses() throws Exception {
    NodeTools node = NodeTools.get();
    Path out = Files.createTempDirectory("conformance");
    NodeTools.Result run = node.exec("conformance.sh", List.of("http://127.0.0.1:" + port + "/mcp", out.toString()),
      Duration.ofMinutes(5));
    String log = Files.exists(out.resolve("conformance.log")) ? Files.readString(out.resolve("conformance.log")) : run.toString();
    System.out.println(log);
    assertTrue(Files.exists(out.resolve("summary.json")), "no summary: " + run);
    JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
    System.out.println("conformance summary: " + summary.encodePrettily());
    assertEquals(32, summary.getInteger("scenarioCount"), "all scenarios ran");
    assertEquals(0, summary.getInteger("failed"), "failed checks: " + summary.getJsonArray("scenariosFailed") + "\n" + log);
    assertEquals(0, summary.getInteger("exitCode"), log);
  }
}
