package io.switchboard.docs;

import io.switchboard.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every request/response pair of docs/rest-api.md, in order, against a live node (generated secret,
 * development tokens on) and checks status, the headers shown, and the JSON shown (a subset: the doc may omit
 * fields; {@code "…"} matches any value). The docs cannot drift from the server without this failing.
 */
@ExtendWith(VertxExtension.class)
class RestApiDocExamplesTest {

  private static final Pattern BLOCK = Pattern.compile("```http\\n(.*?)```", Pattern.DOTALL);
  private static final String ANY = "…";
  private static int port;

  @BeforeAll
  static void startNode(Vertx vertx, VertxTestContext ctx) {
    port = TestNodes.freePort();
    TestNodes.deploy(vertx, TestNodes.base(port))
      .onComplete(ctx.succeedingThenComplete());
  }

  record Exchange(String request, String response) {
  }

  static List<Exchange> exchanges(String markdown) {
    Matcher m = BLOCK.matcher(markdown);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    List<Exchange> result = new ArrayList<>();
    for (int i = 0; i + 1 < blocks.size(); i += 2) {
      assertTrue(blocks.get(i + 1).startsWith("HTTP/1.1 "), "a request block must be followed by a response block: " + blocks.get(i));
      result.add(new Exchange(blocks.get(i), blocks.get(i + 1)));
    }
    assertEquals(0, blocks.size() % 2, "unpaired http block in rest-api.md");
    return result;
  }

  @Test
  void everyExampleInRestApiMdHoldsAgainstALiveNode() throws Exception {
    String markdown = Files.readString(Path.of("..", "docs", "rest-api.md"));
    List<Exchange> exchanges = exchanges(markdown);
    assertTrue(exchanges.size() >= 12, "found only " + exchanges.size() + " examples");
    HttpClient client = HttpClient.newHttpClient();
    Map<String, String> vars = new HashMap<>();
    vars.put("$ALICE", token(client, "alice"));
    vars.put("$BOB", token(client, "bob"));
    for (Exchange ex : exchanges) {
      HttpResponse<String> actual = client.send(request(substitute(ex.request(), vars)), HttpResponse.BodyHandlers.ofString());
      if (actual.statusCode() == 201) {
        vars.put("$ID", new JsonObject(actual.body()).getString("id"));
      }
      check(ex, substitute(ex.response(), vars), actual);
    }
  }

  private static String token(HttpClient client, String sub) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/token"))
      .header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("sub", sub).put("roles", new JsonArray().add("user")).encode()))
      .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("token");
  }

  private static String substitute(String text, Map<String, String> vars) {
    String out = text;
    for (Map.Entry<String, String> v : vars.entrySet()) {
      out = out.replace(v.getKey(), v.getValue());
    }
    return out;
  }

  private static HttpRequest request(String block) {
    String[] parts = block.split("\\n\\n", 2);
    String[] lines = parts[0].split("\\n");
    String[] requestLine = lines[0].split(" ");
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + requestLine[1]))
      .timeout(Duration.ofSeconds(10));
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      b.header(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
    }
    String body = parts.length > 1 ? parts[1].trim() : "";
    return b.method(requestLine[0], body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
      .build();
  }

  private static void check(Exchange ex, String expectedBlock, HttpResponse<String> actual) {
    String context = "\nrequest:\n" + ex.request() + "\nactual " + actual.statusCode() + ": " + actual.body();
    String[] parts = expectedBlock.split("\\n\\n", 2);
    String[] lines = parts[0].split("\\n");
    assertEquals(Integer.parseInt(lines[0].split(" ")[1]), actual.statusCode(), "status" + context);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).trim();
      String got = actual.headers().firstValue(name).orElse(null);
      assertNotNull(got, "header " + name + context);
      if (!value.equals(ANY)) {
        if (name.equalsIgnoreCase("Content-Type")) {
          assertTrue(got.startsWith(value), name + ": " + got + context);
        } else {
          assertEquals(value, got, name + context);
        }
      }
    }
    String body = parts.length > 1 ? parts[1].trim() : "";
    if (!body.isEmpty()) {
      assertSubset(new JsonObject(body), new JsonObject(actual.body()), "$", context);
    } else if (actual.statusCode() == 204) {
      assertEquals("", actual.body(), context);
    }
  }

  private static void assertSubset(Object expected, Object actual, String path, String context) {
    if (ANY.equals(expected)) {
      assertNotNull(actual, path + " is missing" + context);
      return;
    }
    if (expected instanceof JsonObject e) {
      if (!(actual instanceof JsonObject a)) {
        fail(path + " should be an object" + context);
        return;
      }
      for (String key : e.fieldNames()) {
        assertTrue(a.containsKey(key), path + "." + key + " is missing" + context);
        assertSubset(e.getValue(key), a.getValue(key), path + "." + key, context);
      }
    } else if (expected instanceof JsonArray e) {
      if (!(actual instanceof JsonArray a)) {
        fail(path + " should be an array" + context);
        return;
      }
      assertEquals(e.size(), a.size(), path + " length" + context);
      for (int i = 0; i < e.size(); i++) {
        assertSubset(e.getValue(i), a.getValue(i), path + "[" + i + "]", context);
      }
    } else if (expected instanceof Number n && actual instanceof Number m) {
      assertEquals(n.doubleValue(), m.doubleValue(), path + context);
    } else {
      assertEquals(expected, actual, path + context);
    }
  }
}
