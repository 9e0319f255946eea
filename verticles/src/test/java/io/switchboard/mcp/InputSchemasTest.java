package io.switchboard.mcp;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which schemas are skipped as matching every object, and that every other one is still enforced. */
class InputSchemasTest {

  private static JsonObject entry(JsonObject schema) {
    return new JsonObject().put("definition", new JsonObject().put("name", "t").put("inputSchema", schema));
  }

  @Test
  void onlySchemasNoObjectCanFailAreSkipped() {
    for (String vacuous : List.of("{\"type\":\"object\"}", "{\"type\":\"object\",\"properties\":{}}",
        "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":true,\"title\":\"x\",\"description\":\"y\"}",
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"additionalProperties\":{}}")) {
      assertTrue(InputSchemas.acceptsEveryObject(new JsonObject(vacuous)), vacuous);
    }
    for (String constraining : List.of("{\"type\":\"object\",\"required\":[\"a\"]}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}",
        "{\"type\":\"object\",\"additionalProperties\":false}", "{\"type\":\"object\",\"minProperties\":1}",
        "{\"type\":\"string\"}", "{\"type\":[\"object\",\"null\"]}", "{\"not\":{}}",
        "{\"type\":\"object\",\"$ref\":\"#/$defs/x\",\"$defs\":{\"x\":{\"required\":[\"a\"]}}}",
        "{\"type\":\"object\",\"propertyNames\":{\"maxLength\":1}}")) {
      assertFalse(InputSchemas.acceptsEveryObject(new JsonObject(constraining)), constraining);
    }
  }

  @Test
  void argumentsAreCheckedAgainstEveryOtherSchema() {
    InputSchemas schemas = new InputSchemas();
    JsonObject any = entry(new JsonObject().put("type", "object").put("properties", new JsonObject()));
    assertNull(schemas.problem(any, new JsonObject()));
    assertNull(schemas.problem(any, new JsonObject().put("whatever", 1)));

    JsonObject strict = entry(new JsonObject("{\"type\":\"object\",\"properties\":{\"topic\":{\"type\":\"string\"}},"
      + "\"required\":[\"topic\"],\"additionalProperties\":false}"));
    assertNull(schemas.problem(strict, new JsonObject().put("topic", "chat")));
    assertNotNull(schemas.problem(strict, new JsonObject()));
    String wrongType = schemas.problem(strict, new JsonObject().put("topic", 12));
    assertNotNull(wrongType);
    assertTrue(wrongType.contains("topic"), wrongType);
    assertNotNull(schemas.problem(strict, new JsonObject().put("topic", "chat").put("extra", true)));
    assertNull(schemas.problem(entry(null), new JsonObject().put("x", 1)), "no schema, nothing to check");
  }
}
