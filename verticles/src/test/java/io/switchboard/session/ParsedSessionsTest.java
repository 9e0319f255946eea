package io.switchboard.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A stored session parsed once while its text stays the same, and never answered from an older text. */
class ParsedSessionsTest {

  private static String stored(String id, String state, long version) {
    return new Session(id, "t", "alice", SessionState.parse(state), new io.vertx.core.json.JsonObject(), 1, 2, 3,
      version).toStored().encode();
  }

  @Test
  void theSameTextIsParsedOnce() {
    ParsedSessions parsed = new ParsedSessions();
    Session first = parsed.parse("s1", stored("s1", "active", 1));
    assertSame(first, parsed.parse("s1", stored("s1", "active", 1)), "an equal text (a new string) is not parsed again");
  }

  @Test
  void aChangedSessionIsParsedAgain() {
    ParsedSessions parsed = new ParsedSessions();
    Session active = parsed.parse("s1", stored("s1", "active", 1));
    Session ended = parsed.parse("s1", stored("s1", "ended", 2));
    assertNotSame(active, ended);
    assertEquals(SessionState.parse("ended"), ended.state());
    assertEquals(2, ended.version());
  }

  @Test
  void manySessionsSharingSlotsEachGetTheirOwn() {
    ParsedSessions parsed = new ParsedSessions();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 5_000; i++) { // more sessions than slots: ids collide
        String id = "session-" + i;
        assertEquals(id, parsed.parse(id, stored(id, "active", i)).id());
      }
    }
  }
}
