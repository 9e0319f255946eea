package io.switchboard.protocol.message;

import io.switchboard.ot.TextOperation;

/**
 * Another participant's edit, as the server applied it (already transformed).
 *
 * @param revision the revision this operation produced (apply it to revision - 1)
 * @param author the user who made the edit
 * @param clientEditId the author's edit id, null when not known
 */
public record RemoteEdit(String session, long revision, TextOperation op, String author, String clientEditId)
    implements ServerMessage {

  public RemoteEdit {
    Check.id("session", session);
    Check.revision("revision", revision);
    Check.operation("op", op);
    Check.user("author", author);
    if (clientEditId != null) {
      Check.id("clientEditId", clientEditId);
    }
  }

  public RemoteEdit(String session, long revision, TextOperation op, String author) {
    this(session, revision, op, author, null);
  }

  @Override
  public MessageType type() {
    return MessageType.REMOTE_EDIT;
  }
}
