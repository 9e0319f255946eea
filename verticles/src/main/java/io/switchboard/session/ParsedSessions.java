package io.switchboard.session;

import io.vertx.core.json.JsonObject;

/**
 * The sessions most recently parsed, keyed by their stored text. A session is read for every edit (its owner, its
 * editors, its state and its expiry decide whether the edit is allowed), always fresh from the cluster; parsing the
 * same stored JSON again for each one was 7.6 % of the samples of four editors typing into one document. An entry is
 * used only when the text read now is the text it was parsed from, so a changed session is never answered from here.
 * <p>
 * Direct-mapped (one slot per hash of the id, the newest parse wins): its memory is bounded (~100 KB) whatever the
 * number of sessions. Slots are read and written without locks; an entry's fields are final, so a reader sees a whole entry or
 * another. The parsed {@link Session} is shared by every reader: nothing may change its metadata (an update copies it,
 * {@link UpdateSessionProcessor}).
 */
final class ParsedSessions {

  /**
   * Enough for the sessions being edited at once on a node; a miss costs what every read cost before (a parse). Each
   * entry keeps its stored text and parsed form (~0.4 KB): 1,024 slots showed as ~270 B per document in a benchmark
   * of 1,000 idle documents.
   */
  private static final int SLOTS = 256;

  private record Parsed(String stored, Session session) {
  }

  private final Parsed[] slots = new Parsed[SLOTS];

  /** The session the stored text {@code stored} of session {@code id} holds. */
  Session parse(String id, String stored) {
    int h = id.hashCode();
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    Parsed parsed = slots[slot];
    if (parsed != null && parsed.stored.equals(stored)) {
      return parsed.session;
    }
    Session session = Session.fromStored(new JsonObject(stored));
    slots[slot] = new Parsed(stored, session);
    return session;
  }
}
