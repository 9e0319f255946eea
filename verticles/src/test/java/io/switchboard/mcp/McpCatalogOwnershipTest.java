package io.switchboard.mcp;

import io.switchboard.bridge.BridgeAddresses;
import io.switchboard.bridge.TcpFrames;
import io.switchboard.support.RunningNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP catalog has owners: a bridge user can neither take over nor remove Switchboard's built-in tools nor another
 * user's entries, a provider receives only calls to its own entries, and a bridge user's entries say whose they are in
 * {@code tools/list}. (An adversarial run had Bob re-register {@code edit_document} at his own address and receive
 * Alice's calls, and unregister {@code read_document} for everyone.)
 */
class McpCatalogOwnershipTest {

  private static RunningNode node;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject().put("mcp.max-entries-per-provider", 3));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  private static TcpFrames bridgeUser(String sub) throws Exception {
    TcpFrames c = TcpFrames.connect(node.config.getInteger("bridge.tcp.port"));
    JsonObject reply = c.request(BridgeAddresses.LOGIN, new JsonObject().put("token", node.tokens.token(sub, "user")), null);
    assertEquals("message", reply.getString("type"), reply.encode());
    return c;
  }

  private static JsonObject tool(String action, String name, String address) {
    return new JsonObject().put("action", action).put("kind", "tool").put("name", name).put("address", address)
      .put("definition", new JsonObject().put("name", name).put("description", "by a bridge user")
        .put("inputSchema", new JsonObject().put("type", "object")));
  }

  private static JsonArray toolsSeenBy(String sub) throws Exception {
    RawMcp alice = new RawMcp(node.vertx, node.config.getInteger("http.port"), node.tokens.token(sub, "user"));
    await(alice.initialize("2025-06-18"));
    return await(alice.result("tools/list", new JsonObject())).getJsonArray("tools");
  }

  private static JsonObject named(JsonArray tools, String name) {
    return tools.stream().map(JsonObject.class::cast).filter(t -> name.equals(t.getString("name"))).findFirst().orElse(null);
  }

  @Test
  void builtInToolsCannotBeTakenOverOrRemoved() throws Exception {
    try (TcpFrames bob = bridgeUser("bob")) {
      String address = BridgeAddresses.providerPrefix("bob") + "evil";
      bob.write(new JsonObject().put("type", "register").put("address", address));
      JsonObject takeOver = bob.request(McpApi.REGISTRY, tool("register", "edit_document", address), null);
      assertEquals("err", takeOver.getString("type"), takeOver.encode());
      assertTrue(takeOver.getString("message").contains("reserved"), takeOver.encode());
      JsonObject removal = bob.request(McpApi.REGISTRY, tool("unregister", "read_document", address), null);
      assertEquals("err", removal.getString("type"), removal.encode());

      JsonObject editDocument = named(toolsSeenBy("alice"), "edit_document");
      assertNotNull(editDocument);
      assertFalse(editDocument.containsKey("_meta"), editDocument.encode());
      assertNotNull(named(toolsSeenBy("alice"), "read_document"));

      // Alice's call of a built-in tool never reaches Bob's consumer.
      RawMcp alice = new RawMcp(node.vertx, node.config.getInteger("http.port"), node.tokens.token("alice", "user"));
      await(alice.initialize("2025-06-18"));
      JsonObject r = await(alice.request("tools/call", new JsonObject().put("name", "list_sessions").put("arguments", new JsonObject())));
      assertTrue(r.containsKey("result"), r.encode());
      assertThrows(SocketTimeoutException.class, () -> {
        JsonObject frame;
        do {
          frame = bob.read(); // nothing but (perhaps) pongs; a call to Bob would be a "message" on his address
        } while (!"message".equals(frame.getString("type")));
        throw new AssertionError("Bob received " + frame.encode());
      });
    }
  }

  @Test
  void anEntryBelongsToWhoRegisteredIt() throws Exception {
    try (TcpFrames carol = bridgeUser("carol"); TcpFrames mallory = bridgeUser("mallory")) {
      String carols = BridgeAddresses.providerPrefix("carol") + "tools";
      JsonObject ok = carol.request(McpApi.REGISTRY, tool("register", "carol_search", carols), null);
      assertEquals("message", ok.getString("type"), ok.encode());
      // Visibly hers in every listing.
      JsonObject listed = named(toolsSeenBy("alice"), "carol_search");
      assertEquals("carol", listed.getJsonObject("_meta").getString(McpVerticle.PROVIDED_BY), listed.encode());

      String mallorys = BridgeAddresses.providerPrefix("mallory") + "tools";
      assertEquals("err", mallory.request(McpApi.REGISTRY, tool("register", "carol_search", mallorys), null).getString("type"));
      assertEquals("err", mallory.request(McpApi.REGISTRY, tool("unregister", "carol_search", mallorys), null).getString("type"));
      assertEquals("carol", named(toolsSeenBy("alice"), "carol_search").getJsonObject("_meta").getString(McpVerticle.PROVIDED_BY));

      // Her own re-registration (the heartbeat) and removal work.
      assertEquals("message", carol.request(McpApi.REGISTRY, tool("register", "carol_search", carols), null).getString("type"));
      assertEquals("message", carol.request(McpApi.REGISTRY, tool("unregister", "carol_search", carols), null).getString("type"));
      assertEquals(null, named(toolsSeenBy("alice"), "carol_search"));
    }
  }

  @Test
  void entriesPerProviderAreBounded() throws Exception {
    try (TcpFrames dave = bridgeUser("dave")) {
      String address = BridgeAddresses.providerPrefix("dave") + "many";
      for (int i = 0; i < 3; i++) {
        assertEquals("message", dave.request(McpApi.REGISTRY, tool("register", "dave_" + i, address), null).getString("type"));
      }
      JsonObject fourth = dave.request(McpApi.REGISTRY, tool("register", "dave_3", address), null);
      assertEquals("err", fourth.getString("type"), fourth.encode());
      assertTrue(fourth.getString("message").contains("mcp.max-entries-per-provider"), fourth.encode());
      // Refreshing one already held is not a new entry.
      assertEquals("message", dave.request(McpApi.REGISTRY, tool("register", "dave_0", address), null).getString("type"));
    }
  }

  @Test
  void aSubjectWithADotHasItsOwnProviderNamespace() throws Exception {
    try (TcpFrames bob = bridgeUser("bob")) {
      // "bob" must not serve in the namespace of "bob.evil" (or the reverse): the subject is one segment.
      String other = BridgeAddresses.providerPrefix("bob.evil") + "x";
      assertFalse(other.startsWith(BridgeAddresses.providerPrefix("bob")), other);
      assertEquals("err", bob.request(McpApi.REGISTRY, tool("register", "bob_x", other), null).getString("type"));
    }
  }
}
