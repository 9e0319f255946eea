package io.switchboard.protocol.message;

import io.switchboard.protocol.ProtocolException;
import java.util.List;

/**
 * The client joined the session: the document's current {@code text} and {@code revision} (edits
 * are made against it), its {@code epoch}, and who else is there. When the join resumed
 * ({@code resumed}), there is no text: {@code revision} is the client's own, and every edit after it
 * follows as {@code remote_edit}s, in order.
 *
 * @param id the id of the {@code join}
 * @param epoch names the document (a {@code join} resumes with it); null from a server that does not send it
 * @param text the whole document (may be empty); null exactly when {@code resumed}
 * @param participants the connections in the session, this one included
 */
public record Joined(String id, String session, String epoch, String text, long revision,
                     List<Participant> participants, boolean resumed) implements ServerMessage {

  public Joined {
    Check.id("id", id);
    Check.id("session", session);
    if (epoch != null) {
      Check.text("epoch", epoch, Position.MAX_EPOCH_LENGTH);
    }
    if (!resumed) {
      Check.present("text", text);
    } else if (text != null) {
      throw ProtocolException.invalid("text", "a resumed join carries no text");
    }
    Check.revision("revision", revision);
    participants = List.copyOf(Check.present("participants", participants));
  }

  @Override
  public MessageType type() {
    return MessageType.JOINED;
  }
}
