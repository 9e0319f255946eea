package io.switchboard.mcp.provider;

import io.switchboard.mcp.JsonRpc;
import io.switchboard.mcp.McpProvider;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The tools, resources and prompts the official MCP conformance suite (0.1.16) expects of a server, exactly as
 * its reference everything-server provides them (docs/mcp-conformance-fixture.md), registered through the same
 * catalog as everything else. Deployed only when {@code mcp.conformance-fixture} is true: test fixtures, not
 * features.
 */
public final class ConformanceFixture {

  static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
  static final String WAV = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";
  private static final long CLIENT_TIMEOUT_MS = 30_000;

  private ConformanceFixture() {
  }

  public static McpProvider provider(Vertx vertx, String address) {
    // Stateless handlers (timers on whichever event loop calls them): safe on any event loop of the node.
    McpProvider p = new McpProvider(vertx, "conformance-test-server", address, 30).servesAnyEventLoop();
    tool(p, "test_simple_text", "Tests simple text content response", empty(),
      c -> done(text("This is a simple text response for testing.")));
    tool(p, "test_image_content", "Tests image content response", empty(),
      c -> done(new JsonObject().put("type", "image").put("data", PNG).put("mimeType", "image/png")));
    tool(p, "test_audio_content", "Tests audio content response", empty(),
      c -> done(new JsonObject().put("type", "audio").put("data", WAV).put("mimeType", "audio/wav")));
    tool(p, "test_embedded_resource", "Tests embedded resource content response", empty(),
      c -> done(resource("test://embedded-resource", "text/plain", "This is an embedded resource content.")));
    tool(p, "test_multiple_content_types", "Tests response with multiple content types (text, image, resource)", empty(),
      c -> done(text("Multiple content types test:"), new JsonObject().put("type", "image").put("data", PNG).put("mimeType", "image/png"),
        resource("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}")));
    tool(p, "test_tool_with_logging", "Tests tool that emits log messages during execution", empty(), c -> {
      c.log("info", "Tool execution started");
      return delay(vertx, 50).compose(v -> {
        c.log("info", "Tool processing data");
        return delay(vertx, 50);
      }).compose(v -> {
        c.log("info", "Tool execution completed");
        return done(text("Tool with logging executed successfully"));
      });
    });
    tool(p, "test_tool_with_progress", "Tests tool that reports progress notifications", empty(), c -> {
      c.progress(0, 100.0, "Completed step 0 of 100");
      return delay(vertx, 50).compose(v -> {
        c.progress(50, 100.0, "Completed step 50 of 100");
        return delay(vertx, 50);
      }).compose(v -> {
        c.progress(100, 100.0, "Completed step 100 of 100");
        return done(text(String.valueOf(c.progressToken() == null ? 0 : c.progressToken())));
      });
    });
    tool(p, "test_error_handling", "Tests error response handling", empty(),
      c -> Future.succeededFuture(new JsonObject().put("content", new JsonArray().add(text("This tool intentionally returns an error for testing")))
        .put("isError", true)));
    // The reference closes the SSE stream mid-call and resumes it; Switchboard answers on the same stream.
    tool(p, "test_reconnection", "Tests SSE stream disconnection and client reconnection (SEP-1699). Server will close the stream "
        + "mid-call and send the result after client reconnects.", empty(),
      c -> delay(vertx, 100).compose(v -> done(text("Reconnection test completed successfully. If you received this, the client "
        + "properly reconnected after stream closure."))));
    tool(p, "test_sampling", "Tests server-initiated sampling (LLM completion request)",
      schema("prompt", "The prompt to send to the LLM"), c -> c.request("sampling/createMessage", new JsonObject()
          .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", text(c.arguments().getString("prompt")))))
          .put("maxTokens", 100), CLIENT_TIMEOUT_MS)
        .map(r -> result(text("LLM response: " + r.getJsonObject("content", new JsonObject()).getString("text", "No response"))))
        .otherwise(err -> result(text("Sampling not supported or error: " + err.getMessage()))));
    tool(p, "test_elicitation", "Tests server-initiated elicitation (user input request)",
      schema("message", "The message to show the user"), c -> elicit(c, c.arguments().getString("message"),
        new JsonObject().put("type", "object").put("properties", new JsonObject().put("response",
          new JsonObject().put("type", "string").put("description", "User's response"))).put("required", new JsonArray().add("response")),
        "User response: ", "Elicitation not supported or error: "));
    tool(p, "test_elicitation_sep1034_defaults", "Tests elicitation with default values per SEP-1034", empty(),
      c -> elicit(c, "Please review and update the form fields with defaults", new JsonObject(
          "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"description\":\"User name\",\"default\":\"John Doe\"},"
          + "\"age\":{\"type\":\"integer\",\"description\":\"User age\",\"default\":30},\"score\":{\"type\":\"number\","
          + "\"description\":\"User score\",\"default\":95.5},\"status\":{\"type\":\"string\",\"description\":\"User status\","
          + "\"enum\":[\"active\",\"inactive\",\"pending\"],\"default\":\"active\"},\"verified\":{\"type\":\"boolean\","
          + "\"description\":\"Verification status\",\"default\":true}},\"required\":[]}"),
        "Elicitation completed: ", "Elicitation not supported or error: "));
    tool(p, "test_elicitation_sep1330_enums", "Tests elicitation with enum schema improvements per SEP-1330", empty(),
      c -> elicit(c, "Please select options from the enum fields", new JsonObject(
          "{\"type\":\"object\",\"properties\":{\"untitledSingle\":{\"type\":\"string\",\"description\":\"Select one option\","
          + "\"enum\":[\"option1\",\"option2\",\"option3\"]},\"titledSingle\":{\"type\":\"string\",\"description\":"
          + "\"Select one option with titles\",\"oneOf\":[{\"const\":\"value1\",\"title\":\"First Option\"},{\"const\":\"value2\","
          + "\"title\":\"Second Option\"},{\"const\":\"value3\",\"title\":\"Third Option\"}]},\"legacyEnum\":{\"type\":\"string\","
          + "\"description\":\"Select one option (legacy)\",\"enum\":[\"opt1\",\"opt2\",\"opt3\"],\"enumNames\":[\"Option One\","
          + "\"Option Two\",\"Option Three\"]},\"untitledMulti\":{\"type\":\"array\",\"description\":\"Select multiple options\","
          + "\"minItems\":1,\"maxItems\":3,\"items\":{\"type\":\"string\",\"enum\":[\"option1\",\"option2\",\"option3\"]}},"
          + "\"titledMulti\":{\"type\":\"array\",\"description\":\"Select multiple options with titles\",\"minItems\":1,"
          + "\"maxItems\":3,\"items\":{\"anyOf\":[{\"const\":\"value1\",\"title\":\"First Choice\"},{\"const\":\"value2\","
          + "\"title\":\"Second Choice\"},{\"const\":\"value3\",\"title\":\"Third Choice\"}]}}},\"required\":[]}"),
        "Elicitation completed: ", "Elicitation not supported or error: "));
    tool(p, "json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)",
      new JsonObject("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"$defs\":{\"address\":"
        + "{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"}}}},\"properties\":"
        + "{\"name\":{\"type\":\"string\"},\"address\":{\"$ref\":\"#/$defs/address\"}},\"additionalProperties\":false}"),
      c -> done(text("JSON Schema 2020-12 tool called with: " + c.arguments().encode())));

    resource(p, "test://static-text", "static-text", "Static Text Resource", "A static text resource for testing", "text/plain",
      new JsonObject().put("text", "This is the content of the static text resource."));
    resource(p, "test://static-binary", "static-binary", "Static Binary Resource", "A static binary resource (image) for testing",
      "image/png", new JsonObject().put("blob", PNG));
    resource(p, "test://watched-resource", "watched-resource", "Watched Resource", "A resource that auto-updates every 3 seconds",
      "text/plain", new JsonObject().put("text", "Watched resource content"));
    p.template(new JsonObject().put("name", "template").put("title", "Resource Template").put("uriTemplate", "test://template/{id}/data")
      .put("description", "A resource template with parameter substitution").put("mimeType", "application/json"), c -> {
        String uri = c.uri();
        String id = uri.substring("test://template/".length(), uri.length() - "/data".length());
        return Future.succeededFuture(new JsonObject().put("contents", new JsonArray().add(new JsonObject().put("uri", uri)
          .put("mimeType", "application/json")
          .put("text", new JsonObject().put("id", id).put("templateTest", true).put("data", "Data for ID: " + id).encode()))));
      });

    prompt(p, "test_simple_prompt", "Simple Test Prompt", "A simple prompt without arguments", null,
      c -> messages(userText("This is a simple prompt for testing.")));
    prompt(p, "test_prompt_with_arguments", "Prompt With Arguments", "A prompt with required arguments", new JsonArray()
        .add(argument("arg1", "First test argument")).add(argument("arg2", "Second test argument")), c -> {
        JsonObject a = c.arguments();
        if (a.getString("arg1") == null || a.getString("arg2") == null) {
          return Future.failedFuture(new JsonRpc.Failure(JsonRpc.INVALID_PARAMS,
            "Invalid arguments for prompt test_prompt_with_arguments: arg1 and arg2 are required"));
        }
        return messages(userText("Prompt with arguments: arg1='" + a.getString("arg1") + "', arg2='" + a.getString("arg2") + "'"));
      });
    prompt(p, "test_prompt_with_embedded_resource", "Prompt With Embedded Resource", "A prompt that includes an embedded resource",
      new JsonArray().add(argument("resourceUri", "URI of the resource to embed")),
      c -> messages(new JsonObject().put("role", "user").put("content", resource(c.arguments().getString("resourceUri", ""),
        "text/plain", "Embedded resource content for testing.")), userText("Please process the embedded resource above.")));
    prompt(p, "test_prompt_with_image", "Prompt With Image", "A prompt that includes image content", null,
      c -> messages(new JsonObject().put("role", "user").put("content", new JsonObject().put("type", "image").put("data", PNG)
        .put("mimeType", "image/png")), userText("Please analyze the image above.")));
    return p;
  }

  private static void tool(McpProvider p, String name, String description, JsonObject schema, McpProvider.Handler handler) {
    p.tool(new JsonObject().put("name", name).put("description", description).put("inputSchema", schema), handler);
  }

  private static void resource(McpProvider p, String uri, String name, String title, String description, String mime, JsonObject body) {
    p.resource(new JsonObject().put("uri", uri).put("name", name).put("title", title).put("description", description)
      .put("mimeType", mime), c -> Future.succeededFuture(new JsonObject().put("contents",
      new JsonArray().add(new JsonObject().put("uri", uri).put("mimeType", mime).mergeIn(body)))));
  }

  private static void prompt(McpProvider p, String name, String title, String description, JsonArray arguments,
                             McpProvider.Handler handler) {
    JsonObject def = new JsonObject().put("name", name).put("title", title).put("description", description);
    if (arguments != null) {
      def.put("arguments", arguments);
    }
    p.prompt(def, handler);
  }

  private static Future<JsonObject> elicit(McpProvider.Call c, String message, JsonObject schema, String okPrefix, String errorPrefix) {
    return c.request("elicitation/create", new JsonObject().put("message", message).put("requestedSchema", schema), CLIENT_TIMEOUT_MS)
      .map(r -> result(text(okPrefix + "action=" + r.getString("action") + ", content="
        + r.getJsonObject("content", new JsonObject()).encode())))
      .otherwise(err -> result(text(errorPrefix + err.getMessage())));
  }

  private static JsonObject empty() {
    return new JsonObject().put("type", "object").put("properties", new JsonObject());
  }

  private static JsonObject schema(String property, String description) {
    return new JsonObject().put("type", "object").put("properties", new JsonObject().put(property,
      new JsonObject().put("type", "string").put("description", description))).put("required", new JsonArray().add(property));
  }

  private static JsonObject argument(String name, String description) {
    return new JsonObject().put("name", name).put("description", description).put("required", true);
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("type", "text").put("text", text);
  }

  private static JsonObject resource(String uri, String mime, String text) {
    return new JsonObject().put("type", "resource").put("resource", new JsonObject().put("uri", uri).put("mimeType", mime).put("text", text));
  }

  private static JsonObject userText(String text) {
    return new JsonObject().put("role", "user").put("content", text(text));
  }

  private static JsonObject result(JsonObject... content) {
    return new JsonObject().put("content", new JsonArray(java.util.List.of((Object[]) content)));
  }

  private static Future<JsonObject> done(JsonObject... content) {
    return Future.succeededFuture(result(content));
  }

  private static Future<JsonObject> messages(JsonObject... messages) {
    return Future.succeededFuture(new JsonObject().put("messages", new JsonArray(java.util.List.of((Object[]) messages))));
  }

  private static Future<Void> delay(Vertx vertx, long ms) {
    Promise<Void> p = Promise.promise();
    vertx.setTimer(ms, t -> p.complete());
    return p.future();
  }
}
