package io.switchboard.topic;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicSettingsTest {

  @Test
  void missingKeysTakeTheDefaults() {
    assertEquals(TopicSettings.DEFAULTS, TopicSettings.from(new JsonObject()));
    assertEquals(new TopicSettings(1000, 4L << 20, 3_600_000L, 10_000, 120_000L), TopicSettings.DEFAULTS);
  }

  @Test
  void keysAreReadWithSecondsConverted() {
    JsonObject config = new JsonObject()
      .put("topics.history.max-messages", 50)
      .put("topics.history.max-bytes", 4096)
      .put("topics.history.max-age-seconds", 60)
      .put("topics.dedup.max-entries", 7)
      .put("topics.dedup.window-seconds", 30);
    assertEquals(new TopicSettings(50, 4096, 60_000, 7, 30_000), TopicSettings.from(config));
  }

  @Test
  void nonsenseIsRejected() {
    assertThrows(IllegalArgumentException.class,
      () -> TopicSettings.from(new JsonObject().put("topics.history.max-messages", 0)));
    assertThrows(IllegalArgumentException.class,
      () -> TopicSettings.from(new JsonObject().put("topics.dedup.window-seconds", -1)));
  }
}
