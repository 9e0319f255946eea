package io.switchboard.mcp;

import io.switchboard.mcp.node.NodeTools;
import io.switchboard.support.Rest;
import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar switchboard.jar mcp-stdio} driven by the official TypeScript SDK's stdio client: alone (its own
 * embedded node), and attached to a running cluster with {@code -cluster}, where it sees the cluster's sessions.
 */
class McpStdioIT {

  private final Vertx vertx = Vertx.vertx();
  private TestCluster cluster;

  @AfterEach
  void close() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static String jar() {
    return System.getProperty("switchboard.jar");
  }

  @Test
  void standaloneStdioServesTools() throws Exception {
    NodeTools.Result run = NodeTools.get().exec("client-check.mjs", List.of("--transport", "stdio",
      "--command", "java -jar " + jar() + " mcp-stdio", "--list-tools", "--tool", "create_session",
      "--args", new JsonObject().put("title", "made over stdio").encode(), "--list-templates"), Duration.ofSeconds(90));
    assertEquals(0, run.exitCode(), run.toString());
    String out = run.lastStdoutLine();
    assertTrue(out.contains("made over stdio") && out.contains("\"owner\":\"local\""), out);
    assertTrue(out.contains("switchboard://sessions/{id}"), out);
  }

  @Test
  void stdioAttachedToAClusterSeesItsSessions() throws Exception {
    cluster = TestCluster.start(1, TestNodes::config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    String id = new Rest(vertx, cluster.httpPort(0)).createSession(tokens.token("alice", "user"), "in the cluster")
      .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS).getString("id");
    // The cluster's Hazelcast configuration: its name and its member, for the stdio process to join.
    Path xml = Files.createTempFile("cluster", ".xml");
    Files.writeString(xml, "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\"><cluster-name>" + cluster.name()
      + "</cluster-name><properties><property name=\"hazelcast.wait.seconds.before.join\">0</property>"
      + "<property name=\"hazelcast.shutdownhook.enabled\">false</property></properties><network>"
      + "<port auto-increment=\"true\">" + TestNodes.freePort() + "</port><join><multicast enabled=\"false\"/>"
      + "<auto-detection enabled=\"false\"/><tcp-ip enabled=\"true\"><member>127.0.0.1:" + cluster.hazelcastPort(0)
      + "</member></tcp-ip></join><interfaces enabled=\"true\"><interface>127.0.0.1</interface></interfaces></network></hazelcast>");
    NodeTools.Handle client = NodeTools.get().start("client-check.mjs", List.of("--transport", "stdio",
      "--command", "java -Dvertx.hazelcast.config=" + xml + " -jar " + jar() + " mcp-stdio -cluster",
      "--token", tokens.token("alice", "user"), "--list-tools",
      "--tool", "read_document", "--args", new JsonObject().put("session", id).encode(),
      "--resource", "switchboard://sessions/" + id, "--subscribe", "--subscribe-wait", "20000",
      "--prompt", "summarize_session", "--prompt-args", new JsonObject().put("session", id).encode(),
      "--timeout", "80000"), Duration.ofSeconds(100));
    // Subscribed through the stdio process: an edit made on the cluster's node must reach it.
    client.awaitStderrLine("READY", Duration.ofSeconds(80));
    new Rest(vertx, cluster.httpPort(0)).post("/api/sessions/" + id + "/edits", tokens.token("bob", "user"),
      new JsonObject().put("revision", 0).put("op", new io.vertx.core.json.JsonArray().add("edited in the cluster")))
      .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    NodeTools.Result run = client.waitFor();
    assertEquals(0, run.exitCode(), run.toString());
    JsonObject out = new JsonObject(run.lastStdoutLine());
    assertTrue(out.encode().contains(id), out.encode());
    assertTrue(out.getJsonObject("subscription").getBoolean("updated"), out.encode());
    assertTrue(out.encode().contains("Summarise the collaborative session"), out.encode());
  }
}
