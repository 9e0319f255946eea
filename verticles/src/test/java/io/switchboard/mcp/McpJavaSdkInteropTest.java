package io.switchboard.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP Java SDK client (io.modelcontextprotocol.sdk:mcp 2.1.0, Streamable HTTP transport on the JDK
 * HttpClient, Bearer token on every request) against one live Switchboard node in this JVM.
 */
class McpJavaSdkInteropTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Set<String> TOOLS = Set.of("list_sessions", "create_session", "end_session", "read_document",
    "edit_document", "publish", "read_topic");

  private static Vertx vertx;
  private static int port;
  private static Tokens tokens;
  private static Rest rest;

  private String token;
  private McpSyncClient client;
  private final LinkedBlockingQueue<List<McpSchema.ResourceContents>> updates = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    port = TestNodes.freePort();
    tokens = new Tokens(vertx, TestNodes.SECRET);
    rest = new Rest(vertx, port);
    await(TestNodes.deploy(vertx, TestNodes.config(port)));
  }

  @AfterAll
  static void stop() throws Exception {
    rest.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @BeforeEach
  void connect() {
    token = tokens.token("alice", "user");
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
      .endpoint("/mcp")
      .connectTimeout(Duration.ofSeconds(5))
      .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
      .build();
    client = McpClient.sync(transport)
      .clientInfo(new McpSchema.Implementation("switchboard-java-sdk-interop", "1.0.0"))
      .requestTimeout(TIMEOUT)
      .initializationTimeout(TIMEOUT)
      .resourcesUpdateConsumer(updates::add)
      .build();
  }

  @AfterEach
  void disconnect() {
    if (client != null) {
      client.closeGracefully();
    }
  }

  private McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  /** A successful tool result: structuredContent as JSON, which the text content repeats. */
  private static JsonObject structured(McpSchema.CallToolResult r) {
    assertFalse(Boolean.TRUE.equals(r.isError()), () -> "tool error: " + r);
    assertNotNull(r.structuredContent(), r::toString);
    JsonObject json = new JsonObject(io.vertx.core.json.Json.encode(r.structuredContent()));
    assertEquals(1, r.content().size(), r::toString);
    McpSchema.TextContent text = assertInstanceOf(McpSchema.TextContent.class, r.content().get(0));
    assertEquals(json, new JsonObject(text.text()), "the text content is the structured content as JSON");
    return json;
  }

  @Test
  void initializeNegotiatesTheLatestVersionAndAnnouncesCapabilities() {
    McpSchema.InitializeResult init = client.initialize();
    assertEquals(McpProtocol.LATEST, init.protocolVersion());
    McpSchema.ServerCapabilities caps = init.capabilities();
    assertNotNull(caps.tools());
    assertEquals(Boolean.TRUE, caps.tools().listChanged());
    assertNotNull(caps.resources());
    assertEquals(Boolean.TRUE, caps.resources().subscribe());
    assertEquals(Boolean.TRUE, caps.resources().listChanged());
    assertNotNull(caps.prompts());
    assertNotNull(caps.logging());
    assertNotNull(caps.completions());
    assertEquals("switchboard", init.serverInfo().name());
    assertNotNull(init.instructions());
    assertNotNull(client.ping());
  }

  @Test
  void listsTheSevenSwitchboardTools() {
    client.initialize();
    McpSchema.ListToolsResult tools = client.listTools();
    assertEquals(TOOLS, tools.tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet()));
    for (McpSchema.Tool t : tools.tools()) {
      assertNotNull(t.description(), t.name());
      assertEquals("object", t.inputSchema().get("type"), t.name());
    }
  }

  @Test
  void toolsResourceSubscriptionAndPromptRoundTrip() throws Exception {
    client.initialize();

    JsonObject session = structured(call("create_session", Map.of("title", "java sdk interop")));
    String id = session.getString("id");
    assertNotNull(id, session::encode);
    assertEquals("java sdk interop", session.getString("title"));
    assertEquals("alice", session.getString("owner"), session::encode);

    JsonObject edited = structured(call("edit_document", Map.of("session", id, "start", 0, "text", "Hello")));
    assertEquals(1L, edited.getLong("revision"), edited::encode);

    JsonObject doc = structured(call("read_document", Map.of("session", id)));
    assertEquals("Hello", doc.getString("text"));
    assertEquals(1L, doc.getLong("revision"));

    McpSchema.ListResourceTemplatesResult templates = client.listResourceTemplates();
    McpSchema.ResourceTemplate template = templates.resourceTemplates().stream()
      .filter(t -> "switchboard://sessions/{id}".equals(t.uriTemplate())).findFirst()
      .orElseThrow(() -> new AssertionError("no template in " + templates));
    assertEquals("text/plain", template.mimeType());

    String uri = "switchboard://sessions/" + id;
    McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest(uri));
    assertEquals(1, read.contents().size());
    McpSchema.TextResourceContents contents = assertInstanceOf(McpSchema.TextResourceContents.class, read.contents().get(0));
    assertEquals(uri, contents.uri());
    assertEquals("text/plain", contents.mimeType());
    assertEquals("Hello", contents.text());

    client.subscribeResource(new McpSchema.SubscribeRequest(uri));
    // Another client edits through REST; the SDK gets notifications/resources/updated on its GET stream and re-reads
    // the resource. The SDK opens that stream in the background after initialisation: if the first edit races it,
    // a later one is seen (at most 3 edits, 5 s apart).
    List<McpSchema.ResourceContents> update = null;
    long revision = 1;
    String expected = "Hello";
    for (int attempt = 0; attempt < 3 && update == null; attempt++) {
      HttpResponse<Buffer> r = await(rest.post("/api/sessions/" + id + "/edits", tokens.token("bob", "user"),
        new JsonObject().put("revision", revision).put("op", new JsonArray().add(expected.length()).add("!"))));
      assertEquals(200, r.statusCode(), r::bodyAsString);
      revision = r.bodyAsJsonObject().getLong("revision");
      expected = expected + "!";
      update = updates.poll(5, TimeUnit.SECONDS);
    }
    assertNotNull(update, "no notifications/resources/updated within 15 s of REST edits");
    McpSchema.TextResourceContents updated = assertInstanceOf(McpSchema.TextResourceContents.class, update.get(0));
    assertEquals(uri, updated.uri());
    assertTrue(updated.text().startsWith("Hello!"), updated.text());

    McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("summarize_session", Map.of("session", id)));
    assertEquals(1, prompt.messages().size());
    assertEquals(McpSchema.Role.USER, prompt.messages().get(0).role());
    McpSchema.TextContent text = assertInstanceOf(McpSchema.TextContent.class, prompt.messages().get(0).content());
    assertTrue(text.text().contains("java sdk interop"), text.text());
    assertTrue(text.text().contains(expected), text.text());
  }

  @Test
  void toolFailureIsAResultWithIsError() {
    client.initialize();
    McpSchema.CallToolResult r = call("edit_document", Map.of("session", "no-such-session", "start", 0, "text", "x"));
    assertEquals(Boolean.TRUE, r.isError(), r::toString);
    McpSchema.TextContent text = assertInstanceOf(McpSchema.TextContent.class, r.content().get(0));
    assertFalse(text.text().isBlank());

    McpSchema.CallToolResult invalid = call("edit_document", Map.of("start", 0));
    assertEquals(Boolean.TRUE, invalid.isError(), "input validation errors are tool errors: " + invalid);
  }
}
