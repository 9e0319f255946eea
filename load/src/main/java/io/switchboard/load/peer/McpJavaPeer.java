package io.switchboard.load.peer;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.List;
import java.util.Map;

/**
 * The MCP peer on the JVM: an MCP Java SDK ({@code io.modelcontextprotocol.sdk:mcp} 2.1.0) server on its Streamable
 * HTTP transport. The SDK's server transport for Streamable HTTP is a servlet
 * ({@link HttpServletStreamableServerTransportProvider}), so it runs in an embedded Jetty 12 (ee10) on 127.0.0.1.
 * It has the same one trivial tool as the TypeScript SDK's example server, so the two peers and Switchboard answer
 * the same call: {@code tools/call {"name":"greet","arguments":{"name":"load"}}} → text {@code Hello, load!}.
 *
 * <p>{@code java -cp switchboard-load.jar io.switchboard.load.peer.McpJavaPeer [--port P] [--host H]}; the endpoint
 * is {@code http://H:P/mcp}. Port 0 (the default) picks a free one. Prints {@code listening <port>}; exits on SIGTERM.
 */
public final class McpJavaPeer {

  static final String USAGE = "usage: McpJavaPeer [--port P (0: any free)] [--host 127.0.0.1]";
  static final String ENDPOINT = "/mcp";
  static final String SDK_VERSION = "2.1.0";

  private final Server jetty;
  private final McpSyncServer mcp;

  private McpJavaPeer(Server jetty, McpSyncServer mcp) {
    this.jetty = jetty;
    this.mcp = mcp;
  }

  /** The {@code greet} tool, as in the TypeScript SDK's simpleStreamableHttp example. */
  static McpSchema.Tool greetTool() {
    return McpSchema.Tool.builder()
        .name("greet")
        .title("Greeting Tool")
        .description("A simple greeting tool")
        .inputSchema(Map.of("type", "object",
            "properties", Map.of("name", Map.of("type", "string", "description", "Name to greet")),
            "required", List.of("name")))
        .build();
  }

  static McpSchema.CallToolResult greet(McpSchema.CallToolRequest request) {
    Object name = request.arguments() == null ? null : request.arguments().get("name");
    if (!(name instanceof String n)) {
      return McpSchema.CallToolResult.builder().addTextContent("argument 'name' must be a string").isError(true).build();
    }
    return McpSchema.CallToolResult.builder().addTextContent("Hello, " + n + "!").build();
  }

  public static McpJavaPeer start(String host, int port) throws Exception {
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .mcpEndpoint(ENDPOINT)
        .build();
    McpSyncServer mcp = McpServer.sync(transport)
        .serverInfo("switchboard-load-mcp-java-peer", SDK_VERSION)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .toolCall(greetTool(), (exchange, request) -> greet(request))
        .build();
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(host);
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true); // the transport answers on SSE streams asynchronously
    context.addServlet(holder, ENDPOINT);
    jetty.setHandler(context);
    jetty.start();
    return new McpJavaPeer(jetty, mcp);
  }

  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  public void stop() throws Exception {
    mcp.close();
    jetty.stop();
  }

  public static void main(String[] args) throws Exception {
    PeerArgs a = PeerArgs.parseOrExit(args, USAGE, "--port", "--host");
    McpJavaPeer peer = start(a.string("--host", "127.0.0.1"), a.integer("--port", 0));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        peer.stop();
      } catch (Exception ignored) {
        // exiting anyway
      }
    }, "mcp-java-peer-stop"));
    System.out.println("mcp-java: MCP Java SDK " + SDK_VERSION + " Streamable HTTP servlet on Jetty "
        + Server.getVersion() + ", endpoint " + ENDPOINT);
    System.out.println("listening " + peer.port());
  }
}
