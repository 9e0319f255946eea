package io.switchboard.federation;

import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.topic.TopicPattern;
import io.switchboard.redis.RedisSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel message format, the PSUBSCRIBE globs and the settings' refusals, without Redis. */
class FederationWireTest {

  private static JsonObject config() {
    return new JsonObject().put(RedisSettings.URL, "redis://127.0.0.1:6379").put(FederationSettings.ENABLED, true);
  }

  @Test
  void aMessageCrossesWithItsOriginWithoutItsSignature() {
    Deliver d = new Deliver("public.news", "k3x9", 41, "m-1", "alice", 1767225600200L,
      new JsonObject().put("text", "hi"), false, "ab".repeat(32));
    String text = FederationWire.encode(d, "eu", 3, "node-1");
    FederationWire.Received r = FederationWire.decode(text);
    assertEquals("eu", r.deliver().origin());
    assertNull(r.deliver().sig(), "the receiver signs with its own key");
    assertEquals(3, r.priority());
    assertEquals("node-1", r.node());
    assertEquals(d.payload(), r.deliver().payload());
  }

  @Test
  void unreadableMessagesAreRefused() {
    String good = FederationWire.encode(new Deliver("public.a", "e", 1, "m", "u", 1, 1), "eu", 2, "n");
    assertNull(FederationWire.decode("not json"));
    assertNull(FederationWire.decode(new JsonObject(good).put("federation", 2).encode()), "unknown version");
    assertNull(FederationWire.decode(new JsonObject(good).put("priority", 9).encode()));
    assertNull(FederationWire.decode(new JsonObject(good).put("type", "ack").encode()));
    assertNull(FederationWire.decode(new JsonObject(good).putNull("origin").encode()), "no origin, no loop check");
  }

  @Test
  void globsCoverThePatternsAndEscapeThePrefix() {
    FederationSettings s = FederationSettings.from(config().put(FederationSettings.CHANNEL_PREFIX, "fed[1]:"));
    assertEquals("fed\\[1\\]:public.*", s.glob(TopicPattern.compile("public.>")));
    assertEquals("fed\\[1\\]:chat.*", s.glob(TopicPattern.compile("chat.*.x")));
    assertEquals("fed\\[1\\]:*", s.glob(TopicPattern.compile(">")));
    assertEquals("fed\\[1\\]:news.eu", s.glob(TopicPattern.compile("news.eu")));
    assertEquals("fed[1]:news.eu", s.channel("news.eu"));
  }

  @Test
  void settingsRefuseWhatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> FederationSettings.from(config().put(RedisSettings.URL, "")));
    assertThrows(IllegalArgumentException.class,
      () -> FederationSettings.from(config().put("topics.dedup.max-entries", 0)));
    assertThrows(IllegalArgumentException.class,
      () -> FederationSettings.from(config().put(FederationSettings.EXPORT, new JsonArray().add("bad topic"))));
    assertThrows(IllegalArgumentException.class, () -> FederationSettings.requireId("a\nb"));
    assertTrue(FederationSettings.from(config()).imports().get(0).matches("public.x.y"));
  }
}
