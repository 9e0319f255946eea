package io.switchboard.load.target;

import io.switchboard.load.Options;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The command lines that start each target, kept free of side effects so they can be tested and written into
 * the report exactly as run. Every peer gets {@code --port 0} and announces the port it bound in its
 * {@code listening <port>} line, so no port is guessed for them; the Switchboard node gets free ports found just
 * before it starts (its ports come from environment variables, which override the -conf file).
 */
public record LaunchCommands(String java, String classpath, Path serverJar, Path benchConf, String node, Path peersDir) {

  /** The commands for this run: this JVM's java and class path (the Java peers live in this jar), paths from the options. */
  public static LaunchCommands from(Options o) {
    String javaBin = thisJava();
    String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
    return new LaunchCommands(javaBin, classpath, locate(o.serverJar), locate(o.benchConf), o.node, locate(o.peersDir));
  }

  /** The java launcher of this very JVM: child JVMs (peers, worker processes) run with the same Java. */
  public static String thisJava() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * A repository path as given when it exists from the working directory, else from the repository this tool's jar
   * was built in ({@code <repo>/load/target/switchboard-load.jar}), else as given (the start then says it is missing).
   */
  static Path locate(String path) {
    Path given = Path.of(path);
    if (Files.exists(given) || given.isAbsolute()) {
      return given.toAbsolutePath();
    }
    try {
      Path jar = Path.of(LaunchCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path repo = jar.getParent() == null ? null : jar.getParent().getParent();
      repo = repo == null ? null : repo.getParent();
      if (repo != null && Files.exists(repo.resolve(path))) {
        return repo.resolve(path);
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall back to the path as given
    }
    return given.toAbsolutePath();
  }

  public List<String> command(TargetKind kind) {
    return switch (kind) {
      case SWITCHBOARD -> List.of(java, "-jar", serverJar.toString(), "-conf", benchConf.toString());
      case SWITCHBOARD_CLUSTER -> throw new IllegalArgumentException("a cluster's nodes start with clusterNode(...)");
      case VERTX_RELAY -> List.of(java, "-cp", classpath, "io.switchboard.load.peer.VertxRelay", "--port", "0");
      case VERTX_REST -> List.of(java, "-cp", classpath, "io.switchboard.load.peer.VertxRest", "--port", "0");
      case MCP_JAVA -> List.of(java, "-cp", classpath, "io.switchboard.load.peer.McpJavaPeer", "--port", "0");
      case NODE_WS -> List.of(node, peersDir.resolve("ws-relay.mjs").toString(), "--port", "0");
      case SOCKETIO -> List.of(node, peersDir.resolve("socketio-relay.mjs").toString(), "--port", "0");
      case MCP_TS -> List.of(node, peersDir.resolve("mcp-ts-example.mjs").toString(), "--port", "0");
      // --expose-gc: GET /heap reads the heap after a full collection (collab's memory per document)
      case SHAREDB -> List.of(node, "--expose-gc", peersDir.resolve("sharedb-server.mjs").toString(), "--port", "0");
      case HOCUSPOCUS -> List.of(node, "--expose-gc", peersDir.resolve("hocuspocus-server.mjs").toString(), "--port", "0");
    };
  }

  /**
   * One node of a {@code switchboard-cluster}: the node's command with {@code -cluster} and the Hazelcast
   * configuration of this run (the jar's cluster.xml under a cluster name of its own, so a benchmark never joins, or
   * is joined by, any other cluster on the machine).
   */
  public List<String> clusterNode(Path clusterXml) {
    return List.of(java, "-Dvertx.hazelcast.config=" + clusterXml, "-jar", serverJar.toString(), "-conf",
        benchConf.toString(), "-cluster");
  }

  /** The jar's own cluster.xml with {@code <cluster-name>} replaced: loopback join, as the jar ships it. */
  public String clusterXml(String clusterName) throws IOException {
    try (ZipFile jar = new ZipFile(serverJar.toFile())) {
      ZipEntry entry = jar.getEntry("cluster.xml");
      if (entry == null) {
        throw new IOException("no cluster.xml in " + serverJar);
      }
      String xml = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
      return xml.replaceFirst("<cluster-name>[^<]*</cluster-name>", "<cluster-name>" + clusterName + "</cluster-name>");
    }
  }

  /**
   * The node's ports and audit file, as environment variables (docs/configuration.md: {@code SWITCHBOARD_} + the
   * key). The audit log goes to a temporary file so that a benchmark leaves nothing in the working directory.
   */
  public static Map<String, String> switchboardEnv(int httpPort, int wsPort, int bridgePort, Path auditFile) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SWITCHBOARD_HTTP_PORT", Integer.toString(httpPort));
    env.put("SWITCHBOARD_WS_PORT", Integer.toString(wsPort));
    env.put("SWITCHBOARD_BRIDGE_TCP_PORT", Integer.toString(bridgePort));
    env.put("SWITCHBOARD_AUDIT_FILE", auditFile.toString());
    return env;
  }

  /**
   * Node {@code index} (from 0) of a {@code switchboard-cluster}: as {@link #switchboardEnv}, and the first node — the
   * one the load tool's HTTP and MCP clients talk to — provides no MCP conformance fixture, so that every trivial
   * {@code tools/call} through it reaches the fixture of another node through the cluster-wide catalog: the {@code mcp}
   * scenario against a cluster measures calls to a provider on another node (issue 15).
   */
  public static Map<String, String> clusterNodeEnv(int index, int httpPort, int wsPort, int bridgePort, Path auditFile) {
    Map<String, String> env = switchboardEnv(httpPort, wsPort, bridgePort, auditFile);
    if (index == 0) {
      env.put("SWITCHBOARD_MCP_CONFORMANCE_FIXTURE", "false");
    }
    return env;
  }
}
