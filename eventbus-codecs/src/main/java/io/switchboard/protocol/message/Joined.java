package io.switchboard.protocol.message;

import java.util.List;

/**
 * The client joined the session: the document's current {@code text} and {@code revision} (edits
 * are made against it), and who else is there.
 *
 * @param id the id of the {@code join}
 * @param text the whole document (may be empty)
 * @param participants the connections in the session, this one included
 */
public record Joined(String id, String session, String text, long revision, List<Participant> participants)
    implements ServerMessage {

  public Joined {
    Check.id("id", id);
    Check.id("session", session);
    Check.present("text", text);
    Check.revision("revision", revision);
    participants = List.copyOf(Check.present("participants", participants));
  }

  @Override
  public MessageType type() {
    return MessageType.JOINED;
  }
}
