package io.switchboard.mcp.provider;

import io.switchboard.mcp.McpProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The tools, resources and prompts the official MCP conformance suite expects of a server (its reference
 * everything-server), registered through the same catalog as everything else. Only deployed when
 * {@code mcp.conformance-fixture} is true: they are test fixtures, not features.
 */
public final class ConformanceFixture {

  private ConformanceFixture() {
  }

  public static McpProvider provider(Vertx vertx, String address) {
    return new McpProvider(vertx, "conformance", address, 30)
      .tool(new JsonObject().put("name", "test_simple_text").put("description", "Returns simple text content")
        .put("inputSchema", new JsonObject().put("type", "object").put("properties", new JsonObject())),
        call -> Future.succeededFuture(new JsonObject().put("content", new JsonArray().add(new JsonObject()
          .put("type", "text").put("text", "This is a simple text response for testing.")))));
  }
}
