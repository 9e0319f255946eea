package io.switchboard.protocol.message;

import io.switchboard.ot.TextOperation;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/**
 * An edit of a session's document, made against {@code revision}. Reply: {@link EditAck} with the
 * revision the edit produced (other participants get a {@link RemoteEdit}).
 *
 * <p>The decoder checks only the operation's shape (ot.js wire form, at most
 * {@link #MAX_OP_COMPONENTS} components); whether it fits the document, and the server's size
 * limits, are checked when the server applies it.
 *
 * @param id the client's edit id (echoed in {@code edit_ack}, and as {@code clientEditId} in the
 *     others' {@code remote_edit})
 * @param revision the document revision the operation was made against, 0 .. 2^53-1
 * @param op the operation; never empty (a document-wide retain is allowed)
 * @param resent the client sends this edit again after a reconnect: it may already have been applied, and the
 *     server then applies it only if it has not been (found by the author and {@code id} among the edits since
 *     {@code revision}); a client that sets it gives its edits ids unique for the user in this session
 */
public record Edit(String id, String session, long revision, TextOperation op, boolean resent) implements ClientMessage {

  /** Most components an {@code op} array may have on the wire; more is {@code too_large}. */
  public static final int MAX_OP_COMPONENTS = 10_000;

  public Edit {
    Check.id("id", id);
    Check.id("session", session);
    Check.revision("revision", revision);
    Check.operation("op", op);
  }

  /** A first sending. */
  public Edit(String id, String session, long revision, TextOperation op) {
    this(id, session, revision, op, false);
  }

  @Override
  public MessageType type() {
    return MessageType.EDIT;
  }

  static void checkSize(String field, int components) {
    if (components > MAX_OP_COMPONENTS) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, field,
          "operation of " + components + " components exceeds the limit of " + MAX_OP_COMPONENTS);
    }
  }
}
