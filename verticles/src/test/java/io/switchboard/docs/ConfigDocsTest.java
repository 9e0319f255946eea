package io.switchboard.docs;

import io.switchboard.config.ConfigLoader;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/configuration.md lists exactly the keys the node knows, with the defaults it really uses. */
class ConfigDocsTest {

  private static final Pattern ROW = Pattern.compile("^\\| `([a-z][a-z0-9.\\-]*)` \\| `(.*?)` \\|", Pattern.MULTILINE);

  @Test
  void everyKeyIsDocumentedWithItsDefault() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    Map<String, String> documented = new HashMap<>();
    Matcher m = ROW.matcher(doc);
    while (m.find()) {
      documented.put(m.group(1), m.group(2));
    }
    JsonObject defaults = ConfigLoader.defaults();
    assertEquals(defaults.fieldNames(), documented.keySet(), "documented keys vs switchboard-defaults.json");
    for (String key : defaults.fieldNames()) {
      Object value = defaults.getValue(key);
      String expected = value instanceof String s ? (s.isEmpty() ? "\"\"" : s) : Json.encode(value);
      assertEquals(expected.replace(" ", ""), documented.get(key).replace(" ", ""), "default of " + key);
    }
  }
}
