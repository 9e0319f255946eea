package io.switchboard.ws;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection's place in one collaborative session: the document revision it has seen (so that an edit is
 * never delivered twice, whether it came over the bus or was recovered from history), and the edits held back
 * while its join is reading the document.
 */
final class Participation {

  final String session;
  final long since = System.currentTimeMillis();
  String epoch;
  long revision = -1;
  private List<JsonObject> held = new ArrayList<>();

  Participation(String session) {
    this.session = session;
  }

  boolean joining() {
    return held != null;
  }

  void hold(JsonObject event) {
    held.add(event);
  }

  List<JsonObject> joined(String epoch, long revision) {
    this.epoch = epoch;
    this.revision = revision;
    List<JsonObject> out = held;
    held = null;
    return out;
  }

  /** Whether the edit is the next one for this participant. */
  boolean accepts(JsonObject event) {
    if (!event.getString("epoch").equals(epoch)) {
      return false;
    }
    long r = event.getLong("revision");
    if (r <= revision) {
      return false;
    }
    revision = r;
    return true;
  }
}
