package io.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

  @Test
  void defaultsThenFileThenEnvironment() {
    JsonObject file = new JsonObject().put("http.port", 9000).put("http.host", "0.0.0.0");
    Map<String, String> env = Map.of("SWITCHBOARD_HTTP_PORT", "9100", "SWITCHBOARD_HTTP_PUBLIC_PATHS", "/api/health, /x",
      "SWITCHBOARD_HTTP_RATE_LIMIT_PER_SECOND", "7", "UNRELATED", "1");
    JsonObject config = ConfigLoader.load(file, env);
    assertEquals(9100, config.getInteger("http.port"), "environment beats the file");
    assertEquals("0.0.0.0", config.getString("http.host"), "the file beats the defaults");
    assertEquals(new JsonArray().add("/api/health").add("/x"), config.getJsonArray("http.public-paths"));
    assertEquals(7, config.getInteger("http.rate-limit.per-second"));
    assertEquals(8081, ConfigLoader.defaults().getInteger("http.port") + 1, "defaults come from the bundled file");
  }

  @Test
  void typosAndBadValuesAreRefusedWithTheirName() {
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
      () -> ConfigLoader.load(new JsonObject().put("http.prot", 1), Map.of()));
    assertTrue(typo.getMessage().contains("http.prot"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
      () -> ConfigLoader.load(new JsonObject(), Map.of("SWITCHBOARD_HTTP_PORT", "eighty")));
    assertTrue(bad.getMessage().contains("SWITCHBOARD_HTTP_PORT"));
  }

  @Test
  void envNamesFollowTheKey() {
    assertEquals("SWITCHBOARD_AUTH_JWT_PUBLIC_KEY_FILE", ConfigLoader.envName("auth.jwt.public-key-file"));
  }
}
