package io.switchboard.mcp;

import io.switchboard.security.Principal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session over a shared state (the HTTP transport parses a stored session once and hands the state to every request
 * that finds the same JSON) never changes that state: its first change works on a copy.
 */
class McpSessionTest {

  private static JsonObject stored() {
    return McpSession.create("s1", new Principal("alice", Set.of("user"))).toJson().copy();
  }

  @Test
  void changesToASharedStateGoToACopy() {
    JsonObject state = stored();
    String before = state.encode();

    McpSession a = McpSession.sharing(state);
    a.subscribe("switchboard://sessions/x/document");
    a.logLevel("debug");
    a.initialize("2025-06-18", new JsonObject().put("sampling", new JsonObject()), new JsonObject().put("name", "c"));
    assertTrue(a.changed());
    assertTrue(a.subscribed("switchboard://sessions/x/document"));
    assertEquals("debug", a.logLevel());
    assertTrue(a.clientSupports("sampling"));
    assertEquals(before, state.encode(), "the shared state is untouched");

    McpSession b = McpSession.sharing(state);
    assertFalse(b.subscribed("switchboard://sessions/x/document"), "another request on the same stored JSON sees it as stored");
    assertEquals("info", b.logLevel());
    b.unsubscribe("switchboard://sessions/x/document");
    b.logLevel("info");
    assertFalse(b.changed(), "no change, no copy and nothing to save");
    assertEquals(before, state.encode());
  }
}
