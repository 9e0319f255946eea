package io.switchboard.protocol.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "chat", "chat.lobby", "user:42.inbox", "a-b_c.D9.x@y", "a.b.c.d.e.f"})
  void validTopics(String topic) {
    assertTrue(Topics.isValidTopic(topic), topic);
    assertTrue(Topics.isValidPattern(topic), topic);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "a b", "a/b", "é", "a.*", "a.>", "a*", "a.b>", "a\nb"})
  void invalidTopics(String topic) {
    assertFalse(Topics.isValidTopic(topic), topic);
    ProtocolException e = assertThrows(ProtocolException.class, () -> Topics.requireTopic("topic", topic));
    assertEquals(ErrorCode.INVALID_FIELD, e.code());
    assertEquals("topic", e.field());
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", ">", "chat.*", "chat.>", "*.lobby", "*.*.x", "a.*.>"})
  void validPatterns(String pattern) {
    assertTrue(Topics.isValidPattern(pattern), pattern);
    assertFalse(Topics.isValidTopic(pattern), pattern);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat.>.x", ">.a", "chat.*x", "chat.x*", "chat.>>", "**", "a.**.b", "a.>."})
  void invalidPatterns(String pattern) {
    assertFalse(Topics.isValidPattern(pattern), pattern);
  }

  @Test
  void maxLengthIs256() {
    String ok = "a".repeat(256);
    assertTrue(Topics.isValidTopic(ok));
    assertFalse(Topics.isValidTopic(ok + "a"));
    ProtocolException e = assertThrows(ProtocolException.class, () -> Topics.requirePattern("topic", ok + ".b"));
    assertTrue(e.getMessage().contains("256"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
      "chat,          chat,            true",
      "chat,          chat.lobby,      false",
      "chat.lobby,    chat,            false",
      "chat.*,        chat.lobby,      true",
      "chat.*,        chat,            false",
      "chat.*,        chat.lobby.x,    false",
      "chat.*,        chatter.lobby,   false",
      "chat.*,        cha.lobby,       false",
      "chat.>,        chat.lobby,      true",
      "chat.>,        chat.lobby.x.y,  true",
      "chat.>,        chat,            false",
      "chat.>,        chatx.lobby,     false",
      "*,             a,               true",
      "*,             a.b,             false",
      ">,             a,               true",
      ">,             a.b.c,           true",
      "*.lobby,       chat.lobby,      true",
      "*.lobby,       chat.lobbyx,     false",
      "*.lobby,       lobby,           false",
      "a.*.c,         a.b.c,           true",
      "a.*.c,         a.b.d,           false",
      "a.*.c,         a.c,             false",
      "a.*.>,         a.b.c,           true",
      "a.*.>,         a.b,             false",
      "*.*,           a.b,             true",
      "*.*,           a.b.c,           false",
  })
  void matcher(String pattern, String topic, boolean expected) {
    assertEquals(expected, TopicPattern.compile(pattern).matches(topic));
  }

  @Test
  void compileRejectsInvalidPattern() {
    ProtocolException e = assertThrows(ProtocolException.class, () -> TopicPattern.compile("chat.>.x"));
    assertEquals(ErrorCode.INVALID_FIELD, e.code());
    assertEquals("topic", e.field());
    assertTrue(e.getMessage().contains("last segment"), e.getMessage());
  }
}
