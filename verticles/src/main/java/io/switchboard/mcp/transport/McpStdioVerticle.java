package io.switchboard.mcp.transport;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.mcp.Catalog;
import io.switchboard.mcp.McpApi;
import io.switchboard.mcp.McpDispatcher;
import io.switchboard.mcp.McpSettings;
import io.switchboard.security.JwtKeys;
import io.switchboard.security.Principal;
import io.switchboard.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * MCP over stdio ({@code java -jar switchboard.jar mcp-stdio [-cluster]}): newline-delimited JSON-RPC on stdin and
 * stdout, one session for the process. Logs go to stderr only ({@code Main} points {@code System.out} there and
 * gives this verticle the real stdout). The caller is the token in {@code SWITCHBOARD_MCP_TOKEN} when set
 * (verified like any other), otherwise the local user who started the process, as {@code local} with role
 * {@code user}. End of input stops the process.
 */
public class McpStdioVerticle extends VerticleBase {

  public static final String TOKEN_ENV = "SWITCHBOARD_MCP_TOKEN";
  private static volatile PrintStream protocolOut = System.out;

  private McpConnection connection;
  private McpDispatcher dispatcher;

  /** Called by Main before anything else writes: the protocol keeps stdout, everything else gets stderr. */
  public static void takeStdout() {
    protocolOut = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
  }

  @Override
  public Future<?> start() {
    McpSettings settings = McpSettings.from(config());
    dispatcher = new McpDispatcher(vertx, new Catalog(vertx, context, ClusterNode.get(vertx).hazelcast().getMap(McpApi.CATALOG)),
      settings.callTimeoutMs());
    String token = System.getenv(TOKEN_ENV);
    Future<Principal> principal = token == null || token.isBlank()
      ? Future.succeededFuture(new Principal("local", Set.of(Principal.ROLE_USER)))
      : JwtKeys.load(vertx, config()).compose(jwt -> new TokenVerifier(jwt, config()).verify(token));
    return dispatcher.start().compose(v -> principal).onSuccess(p -> {
      connection = new McpConnection(vertx, dispatcher, settings, p, McpStdioVerticle::write);
      Thread reader = new Thread(this::readStdin, "mcp-stdio-reader");
      reader.setDaemon(true);
      reader.start();
    });
  }

  private static void write(String line) {
    synchronized (McpStdioVerticle.class) {
      protocolOut.print(line);
      protocolOut.print('\n');
      protocolOut.flush();
    }
  }

  /** Blocking reads on a thread of its own; each line is handled on this verticle's event loop. */
  private void readStdin() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          String message = line;
          context.runOnContext(v -> connection.receive(message));
        }
      }
    } catch (IOException e) {
      System.err.println("mcp-stdio: reading stdin failed: " + e.getMessage());
    }
    context.runOnContext(v -> vertx.close().onComplete(done -> System.exit(0)));
  }

  @Override
  public Future<?> stop() {
    if (connection != null) {
      connection.close();
    }
    return dispatcher == null ? Future.succeededFuture() : dispatcher.stop();
  }
}
