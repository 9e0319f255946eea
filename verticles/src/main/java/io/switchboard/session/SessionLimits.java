package io.switchboard.session;

import io.switchboard.bus.ServiceError;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Validation of session requests against the configured limits. Every offending field is reported at once, with
 * what it must be, so that a client fixes its request in one go.
 */
public record SessionLimits(int maxTitleLength, int maxMetadataBytes, long defaultTtlSeconds, long maxTtlSeconds,
                            int pageSize, int maxPageSize) {

  public static final String DEFAULT_TTL = "sessions.default-ttl-seconds";
  public static final String MAX_TTL = "sessions.max-ttl-seconds";
  public static final String MAX_TITLE = "sessions.max-title-length";
  public static final String MAX_METADATA = "sessions.max-metadata-bytes";
  public static final String PAGE_SIZE = "sessions.page-size";
  public static final String MAX_PAGE_SIZE = "sessions.max-page-size";

  private static final Set<String> CREATE_FIELDS = Set.of("title", "metadata", "ttlSeconds", "state");
  private static final Set<String> PATCH_FIELDS = Set.of("title", "metadata", "ttlSeconds", "state");

  public static SessionLimits from(JsonObject config) {
    return new SessionLimits(config.getInteger(MAX_TITLE, 200), config.getInteger(MAX_METADATA, 16384),
      config.getLong(DEFAULT_TTL, 86400L), config.getLong(MAX_TTL, 2592000L),
      config.getInteger(PAGE_SIZE, 50), config.getInteger(MAX_PAGE_SIZE, 200));
  }

  /** Checks a create body; throws a validation error listing every bad field. */
  public void checkCreate(JsonObject body) {
    JsonObject errors = new JsonObject();
    unknownFields(body, CREATE_FIELDS, errors);
    if (!body.containsKey("title")) {
      errors.put("title", "is required");
    }
    checkCommon(body, errors);
    if (body.containsKey("state") && !"active".equals(body.getValue("state")) && !"suspended".equals(body.getValue("state"))) {
      errors.put("state", "must be 'active' or 'suspended' on creation");
    }
    throwIfAny(errors);
  }

  /** Checks a patch body (JSON merge patch of title, state, metadata, ttlSeconds). */
  public void checkPatch(JsonObject patch) {
    JsonObject errors = new JsonObject();
    unknownFields(patch, PATCH_FIELDS, errors);
    if (patch.isEmpty()) {
      errors.put("body", "must change at least one of " + String.join(", ", PATCH_FIELDS.stream().sorted().toList()));
    }
    checkCommon(patch, errors);
    if (patch.containsKey("state") && !(patch.getValue("state") instanceof String s && SessionState.parse(s) != null)) {
      errors.put("state", "must be one of active, suspended, ended");
    }
    throwIfAny(errors);
  }

  private void checkCommon(JsonObject body, JsonObject errors) {
    if (body.containsKey("title")) {
      Object title = body.getValue("title");
      if (!(title instanceof String s) || s.isBlank() || s.codePointCount(0, s.length()) > maxTitleLength
        || s.chars().anyMatch(Character::isISOControl)) {
        errors.put("title", "must be a non-blank string of at most " + maxTitleLength + " characters, without control characters");
      }
    }
    if (body.containsKey("metadata")) {
      Object metadata = body.getValue("metadata");
      if (!(metadata instanceof JsonObject m)) {
        errors.put("metadata", "must be a JSON object");
      } else if (m.toBuffer().length() > maxMetadataBytes) {
        errors.put("metadata", "must encode to at most " + maxMetadataBytes + " bytes");
      }
    }
    if (body.containsKey("ttlSeconds")) {
      Object ttl = body.getValue("ttlSeconds");
      if (!(ttl instanceof Integer || ttl instanceof Long) || ((Number) ttl).longValue() < 1
        || ((Number) ttl).longValue() > maxTtlSeconds) {
        errors.put("ttlSeconds", "must be an integer between 1 and " + maxTtlSeconds);
      }
    }
  }

  private static void unknownFields(JsonObject body, Set<String> allowed, JsonObject errors) {
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) {
        errors.put(field, "unknown field");
      }
    }
  }

  private static void throwIfAny(JsonObject errors) {
    if (!errors.isEmpty()) {
      throw ServiceError.validation(errors);
    }
  }
}
