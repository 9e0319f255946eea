package io.switchboard.mcp;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A tool call's arguments checked against the tool's {@code inputSchema} (JSON Schema 2020-12, vertx-json-schema).
 * <p>
 * Validators are kept by catalog entry: building one (parsing and resolving the schema) on every call was most of
 * the validation's cost, and keying them by the schema's text meant encoding it on every call. The catalog hands out
 * the same parsed entry object until the entry changes, so that object is the key (identity; not the schema object:
 * {@code getJsonObject} wraps a nested map anew on every call). One instance per dispatcher, so used on its event
 * loop only; bounded (started over past {@value #MAX_VALIDATORS}: a provider can register many tools and refreshes
 * them, a caller cannot add schemas).
 * <p>
 * A schema that no object can fail — {@code {"type": "object"}}, with at most an empty {@code properties}, a
 * permissive {@code additionalProperties} and annotations — is not run at all: any arguments object matches it.
 * Why: vertx-json-schema's validator is one method of 9,290 bytecodes, above HotSpot's limit for compiling a method
 * ({@code -XX:-DontCompileHugeMethods} is off by default), so it always runs in the interpreter; for a tool taking
 * no arguments it was 11 % of the CPU samples of a node answering trivial calls (JFR), to learn that {} is an object.
 */
final class InputSchemas {

  private static final int MAX_VALIDATORS = 1000;
  /** Keywords that never make an instance invalid (JSON Schema 2020-12 core and meta-data vocabularies). */
  private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "$anchor", "title",
    "description", "examples", "default", "deprecated", "readOnly", "writeOnly");
  /** Stands for "every object matches": no validator is built or run. */
  private static final Validator ANY_OBJECT = instance -> new OutputUnit(true);

  private final Map<JsonObject, Validator> validators = new IdentityHashMap<>();

  /** Why the arguments do not match the entry's {@code definition.inputSchema}; null when they do (or it has none). */
  String problem(JsonObject entry, JsonObject arguments) {
    JsonObject schema = entry.getJsonObject("definition").getJsonObject("inputSchema");
    if (schema == null) {
      return null;
    }
    Validator validator = validators.get(entry);
    if (validator == null) {
      if (validators.size() >= MAX_VALIDATORS) {
        validators.clear();
      }
      validator = acceptsEveryObject(schema) ? ANY_OBJECT
        : Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setOutputFormat(OutputFormat.Basic).setBaseUri("https://switchboard.invalid/"));
      validators.put(entry, validator);
    }
    if (validator == ANY_OBJECT) {
      return null; // arguments are always an object here (the dispatcher refuses anything else first)
    }
    OutputUnit out = validator.validate(arguments);
    if (out.getValid()) {
      return null;
    }
    return out.getErrors() == null || out.getErrors().isEmpty() ? "does not match the input schema"
      : out.getErrors().stream().map(e -> e.getInstanceLocation() + ": " + e.getError()).reduce((a, b) -> a + "; " + b)
      .orElse("");
  }

  /** Whether every JSON object matches the schema: only {@code type: object}, empty properties, annotations. */
  static boolean acceptsEveryObject(JsonObject schema) {
    for (Map.Entry<String, Object> keyword : schema) {
      Object value = keyword.getValue();
      boolean vacuous = switch (keyword.getKey()) {
        case "type" -> "object".equals(value);
        case "properties" -> value instanceof JsonObject p && p.isEmpty();
        case "additionalProperties", "unevaluatedProperties" -> Boolean.TRUE.equals(value)
          || value instanceof JsonObject p && p.isEmpty();
        default -> ANNOTATIONS.contains(keyword.getKey());
      };
      if (!vacuous) {
        return false;
      }
    }
    return true;
  }
}
