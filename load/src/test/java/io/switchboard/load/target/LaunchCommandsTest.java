package io.switchboard.load.target;

import io.switchboard.load.Options;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchCommandsTest {

  private final LaunchCommands c = new LaunchCommands("/jdk/bin/java", "/x/load.jar", Path.of("/r/verticles/target/switchboard.jar"),
      Path.of("/r/load/bench-node.json"), "/usr/bin/node", Path.of("/r/load/peers"));

  @Test
  void commandLines() {
    assertEquals(List.of("/jdk/bin/java", "-jar", "/r/verticles/target/switchboard.jar", "-conf", "/r/load/bench-node.json"),
        c.command(TargetKind.SWITCHBOARD));
    assertEquals(List.of("/jdk/bin/java", "-cp", "/x/load.jar", "io.switchboard.load.peer.VertxRelay", "--port", "0"),
        c.command(TargetKind.VERTX_RELAY));
    assertEquals(List.of("/jdk/bin/java", "-cp", "/x/load.jar", "io.switchboard.load.peer.VertxRest", "--port", "0"),
        c.command(TargetKind.VERTX_REST));
    assertEquals(List.of("/jdk/bin/java", "-cp", "/x/load.jar", "io.switchboard.load.peer.McpJavaPeer", "--port", "0"),
        c.command(TargetKind.MCP_JAVA));
    assertEquals(List.of("/usr/bin/node", "/r/load/peers/ws-relay.mjs", "--port", "0"), c.command(TargetKind.NODE_WS));
    assertEquals(List.of("/usr/bin/node", "/r/load/peers/socketio-relay.mjs", "--port", "0"), c.command(TargetKind.SOCKETIO));
    assertEquals(List.of("/usr/bin/node", "/r/load/peers/mcp-ts-example.mjs", "--port", "0"), c.command(TargetKind.MCP_TS));
  }

  @Test
  void theFirstClusterNodeProvidesNoMcpFixtureSoThatCallsCrossNodes() {
    Map<String, String> first = LaunchCommands.clusterNodeEnv(0, 1, 2, 3, Path.of("/tmp/a.jsonl"));
    assertEquals("false", first.get("SWITCHBOARD_MCP_CONFORMANCE_FIXTURE"));
    assertEquals("1", first.get("SWITCHBOARD_HTTP_PORT"));
    assertEquals(LaunchCommands.switchboardEnv(4, 5, 6, Path.of("/tmp/b.jsonl")),
        LaunchCommands.clusterNodeEnv(1, 4, 5, 6, Path.of("/tmp/b.jsonl")));
  }

  @Test
  void theNodeGetsItsPortsAndAuditFileFromTheEnvironment() {
    assertEquals(Map.of("SWITCHBOARD_HTTP_PORT", "1", "SWITCHBOARD_WS_PORT", "2", "SWITCHBOARD_BRIDGE_TCP_PORT", "3",
        "SWITCHBOARD_AUDIT_FILE", "/tmp/a.jsonl"), LaunchCommands.switchboardEnv(1, 2, 3, Path.of("/tmp/a.jsonl")));
  }

  @Test
  void fromOptionsUsesThisJvmAndAbsolutePaths() {
    LaunchCommands from = LaunchCommands.from(Options.parse("suite", "--node", "/opt/node/bin/node", "--server-jar", "/s.jar"));
    assertEquals("/opt/node/bin/node", from.node());
    assertEquals(Path.of("/s.jar"), from.serverJar());
    assertTrue(from.benchConf().isAbsolute());
    assertTrue(from.classpath().contains("classes"), from.classpath());
    assertFalse(from.java().isEmpty());
  }

  @Test
  void listeningLines() {
    assertEquals("4711", match("listening 4711"));
    assertEquals("3000", match("MCP Streamable HTTP Server listening on port 3000"));
    assertEquals(null, match("node-ws: ws 8.23.0 on Node v20.20.2"));
  }

  private static String match(String line) {
    var m = PeerProcess.LISTENING.matcher(line);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void targetNames() {
    assertEquals(List.of("switchboard", "switchboard-cluster", "vertx-relay", "vertx-rest", "node-ws", "socketio", "mcp-ts", "mcp-java",
        "sharedb", "hocuspocus"), TargetKind.ids());
    assertEquals(List.of("switchboard", "vertx-relay", "vertx-rest", "node-ws", "socketio", "mcp-ts", "mcp-java", "sharedb",
        "hocuspocus"), TargetKind.defaults());
    assertEquals(TargetKind.SOCKETIO, TargetKind.of("socketio"));
    assertThrows(IllegalArgumentException.class, () -> TargetKind.of("nginx"));
  }

  @Test
  void targetsOption() {
    assertEquals(TargetKind.defaults(), Options.parse("suite").targets());
    assertEquals(List.of("switchboard", "switchboard-cluster"),
        Options.parse("suite", "--targets", "switchboard,switchboard-cluster").targets());
    assertEquals(3, Options.parse("suite").clusterNodes);
    assertEquals(5, Options.parse("suite", "--cluster-nodes", "5").clusterNodes);
    assertEquals(List.of("switchboard"), Options.parse("ping").targets());
    assertEquals(List.of("node-ws", "switchboard"), Options.parse("ping", "--targets", "node-ws, switchboard,node-ws").targets());
    assertFalse(Options.parse("ping").nodeGiven);
    assertTrue(Options.parse("ping", "--ws", "ws://127.0.0.1:1/ws").nodeGiven);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse("ping", "--targets", "nginx"));
    assertTrue(e.getMessage().contains("unknown target 'nginx'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Options.parse("ping", "--targets", ","));
  }

  @Test
  void clusterNodesJoinAClusterOfTheirOwn(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path jar = dir.resolve("switchboard.jar");
    try (var zip = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(jar))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("cluster.xml"));
      zip.write("<hazelcast><cluster-name>switchboard</cluster-name><network/></hazelcast>".getBytes());
      zip.closeEntry();
    }
    LaunchCommands withJar = new LaunchCommands("/jdk/bin/java", "/x/load.jar", jar, Path.of("/r/load/bench-node.json"),
        "node", Path.of("/r/load/peers"));
    assertEquals("<hazelcast><cluster-name>bench-1</cluster-name><network/></hazelcast>", withJar.clusterXml("bench-1"));
    assertEquals(List.of("/jdk/bin/java", "-Dvertx.hazelcast.config=/tmp/c.xml", "-jar", jar.toString(), "-conf",
        "/r/load/bench-node.json", "-cluster"), withJar.clusterNode(Path.of("/tmp/c.xml")));
  }

  @Test
  void receiversOfAClusterConnectToTheOtherNodes() {
    Target one = new Target("switchboard", "http://h:1", "ws://h:1/ws", null, true, 7);
    assertFalse(one.crossNode());
    assertEquals("ws://h:1/ws", one.receiverWsUrl(5));
    assertEquals(List.of(7L), one.pids());
    Target three = new Target("switchboard-cluster", "http://h:1", "ws://h:1/ws", null, true, 7,
        List.of("ws://h:1/ws", "ws://h:2/ws", "ws://h:3/ws"), List.of(7L, 8L, 9L));
    assertTrue(three.crossNode());
    assertEquals(List.of("ws://h:2/ws", "ws://h:3/ws", "ws://h:2/ws"),
        List.of(three.receiverWsUrl(0), three.receiverWsUrl(1), three.receiverWsUrl(2)));
    assertEquals(three.nodeWsUrls(), three.withFraming(null).nodeWsUrls());
  }
}
