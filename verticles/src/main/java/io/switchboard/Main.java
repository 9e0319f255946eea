package io.switchboard;

import io.switchboard.mcp.transport.McpStdioVerticle;
import io.switchboard.metrics.NodeMetrics;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Deployable;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar switchboard.jar [-cluster] [-conf file.json] ...}: the Vert.x launcher with Switchboard's
 * main verticle and metrics. Every launcher option works ({@code --help} lists them); {@code -cluster} joins
 * through Hazelcast with the {@code cluster.xml} packed in the jar.
 */
public final class Main implements VertxApplicationHooks {

  /** {@code java -jar switchboard.jar mcp-stdio [-cluster] [-conf f]}: MCP on stdin/stdout, no listening port. */
  public static final String MCP_STDIO = "mcp-stdio";

  private final boolean stdio;

  private Main(boolean stdio) {
    this.stdio = stdio;
  }

  /** In stdio mode the node opens no port: it serves MCP on the process's stdin and stdout. */
  @Override
  public JsonObject afterConfigParsed(JsonObject config) {
    JsonObject c = config == null ? new JsonObject() : config;
    if (stdio) {
      c.put("http.enabled", false).put("ws.enabled", false).put("bridge.tcp.enabled", false).put("mcp.stdio", true);
    }
    return c;
  }

  /** Held so that the JUL loggers keep their levels (JUL references loggers weakly). */
  private static final List<Logger> QUIETED = new ArrayList<>();

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
    }
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "jdk");
    }
    if (System.getProperty("java.util.logging.config.file") == null) {
      // Hazelcast's INFO start-up banner runs to dozens of lines; keep membership changes, warnings and errors.
      quiet("com.hazelcast", Level.WARNING);
      quiet("com.hazelcast.internal.cluster", Level.INFO);
      // Warnings every start printed that are not problems of this node (a user reads them as faults).
      for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
        h.setFilter(record -> !StartupNoise.benign(record.getMessage()));
      }
    }
    boolean stdio = args.length > 0 && args[0].equals(MCP_STDIO);
    if (stdio) {
      McpStdioVerticle.takeStdout();
      args = java.util.Arrays.copyOfRange(args, 1, args.length);
    }
    int exitCode = new VertxApplication(args, new Main(stdio)).launch();
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  private static void quiet(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(level);
    QUIETED.add(logger);
  }

  @Override
  public void beforeStoppingVertx(HookContext context) {
    // JUL resets itself in its own shutdown hook, so log lines written while draining may be lost: use stderr.
    System.err.println("Switchboard stopping: draining in-flight requests, leaving the cluster");
  }

  @Override
  public void afterVertxStopped(HookContext context) {
    System.err.println("Switchboard stopped");
  }

  @Override
  public io.vertx.core.VertxBuilder createVertxBuilder(io.vertx.core.VertxOptions options) {
    // No class-path resolving, hence no Vert.x file cache: its own shutdown hook deleted the cache at SIGTERM while the
    // node still served its drain notice (http/WebRoot serves the web client from a copy of its own).
    options.setFileSystemOptions(new io.vertx.core.file.FileSystemOptions(options.getFileSystemOptions())
      .setClassPathResolvingEnabled(false));
    return NodeMetrics.builder(options);
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return MainVerticle::new;
  }
}
