package io.switchboard.protocol.message;

/**
 * Join a collaborative session's document. Reply: {@link Joined} (text, revision, participants), or, with
 * {@code resume}, a {@link Joined} without text followed by every edit after {@code resume.revision()}.
 *
 * @param session the session id (1..128 characters, no control characters)
 * @param resume where a client that lost its connection left off (the {@code epoch} of its earlier
 *     {@code joined} and the last revision it holds); null for a fresh join
 */
public record Join(String id, String session, DocumentPosition resume) implements ClientMessage {

  public Join {
    Check.id("id", id);
    Check.id("session", session);
  }

  /** A fresh join: the whole text at the current revision. */
  public Join(String id, String session) {
    this(id, session, null);
  }

  @Override
  public MessageType type() {
    return MessageType.JOIN;
  }
}
