package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/protocol/websocket.md quotes exactly the examples the other tests decode. */
class DocExamplesInSyncTest {

  private static final Path DOC = Path.of("..", "docs", "protocol", "websocket.md");
  private static final Pattern EXAMPLE = Pattern.compile("<!-- example: ([a-z0-9-]+) -->\\s*```json\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everyDocumentedExampleEqualsTheTestResource() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Set<String> quoted = new HashSet<>();
    Matcher m = EXAMPLE.matcher(doc);
    while (m.find()) {
      String name = m.group(1);
      assertEquals(Examples.valid(name), new JsonObject(m.group(2)), "example '" + name + "' in websocket.md");
      quoted.add(name);
    }
    assertEquals(Examples.valid().fieldNames(), quoted, "every example is quoted in websocket.md");
  }

  @Test
  void everyInvalidExampleIsInTheErrorTable() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    for (Object o : Examples.invalid()) {
      JsonObject c = (JsonObject) o;
      String row = "| `" + c.getString("frame") + "` | `" + c.getString("code") + "` |";
      assertTrue(doc.contains(row), "websocket.md lacks the row " + row);
    }
  }
}
