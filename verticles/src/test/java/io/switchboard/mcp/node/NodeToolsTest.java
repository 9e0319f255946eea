package io.switchboard.mcp.node;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Node side of the MCP tests works on this machine: the pinned Node is 22, the SDK client
 * script and the conformance CLI run. Needs no Switchboard server.
 */
class NodeToolsTest {

  private static final Duration T = Duration.ofSeconds(60);

  @Test
  void pinnedNodeIsVersion22() throws Exception {
    NodeTools tools = NodeTools.get();
    Process p = new ProcessBuilder(tools.node().toString(), "--version").redirectErrorStream(true).start();
    String version = new String(p.getInputStream().readAllBytes()).strip();
    assertEquals(0, p.waitFor());
    assertTrue(version.startsWith("v22."), "expected Node 22, got " + version);
  }

  @Test
  void clientCheckPrintsItsUsage() {
    NodeTools.Result r = NodeTools.get().exec("client-check.mjs", List.of("--help"), T);
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stdout().contains("--transport streamable-http|sse|stdio|websocket"), r::toString);
  }

  @Test
  void clientCheckRejectsBadUsageWithExitCode2() {
    NodeTools.Result r = NodeTools.get().exec("client-check.mjs", List.of("--transport", "carrier-pigeon"), T);
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("unknown --transport"), r::toString);
  }

  @Test
  void clientCheckReportsAnUnreachableServerAsOneJsonObject() {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    NodeTools.Result r = NodeTools.get().exec("client-check.mjs",
      List.of("--transport", "streamable-http", "--url", "http://127.0.0.1:9/mcp", "--list-tools", "--timeout", "20000"), T);
    assertEquals(1, r.exitCode(), r::toString);
    JsonObject out = new JsonObject(r.lastStdoutLine());
    assertFalse(out.getBoolean("ok"));
    assertEquals("initialize", out.getString("failedStep"));
    assertTrue(r.stderr().contains("step 'initialize' failed"), r::toString);
  }

  @Test
  void conformanceCliListsThe32ServerScenarios() {
    NodeTools tools = NodeTools.get();
    NodeTools.Result r = tools.exec("node_modules/@modelcontextprotocol/conformance/dist/index.js", List.of("list", "--server"), T);
    assertEquals(0, r.exitCode(), r::toString);
    long scenarios = r.stdout().lines().filter(l -> l.startsWith("  - ")).count();
    assertEquals(32, scenarios, r::toString);
    assertTrue(r.stdout().contains("  - dns-rebinding-protection"), r::toString);
  }
}
