package io.switchboard.protocol.message;

/**
 * A point in a collaborative document's history, as a client last saw it: {@code epoch} names the document (it
 * changes when the document is rebuilt, and its revisions then mean nothing) and {@code revision} the last
 * revision the client holds. A {@link Join} that carries one resumes from there.
 */
public record DocumentPosition(String epoch, long revision) {

  public DocumentPosition {
    Check.text("epoch", epoch, Position.MAX_EPOCH_LENGTH);
    Check.revision("revision", revision);
  }
}
