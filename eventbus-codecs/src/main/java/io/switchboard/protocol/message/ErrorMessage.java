package io.switchboard.protocol.message;

/**
 * An error reply.
 *
 * @param code stable code (see {@link io.switchboard.protocol.ErrorCode}); clients switch on it
 * @param message human-readable detail; may change between versions
 * @param ref id of the client message this refers to, null when unknown
 * @param field dotted path of the offending field, null when not about one field
 * @param retryable whether sending the same message again may succeed
 */
public record ErrorMessage(String code, String message, String ref, String field, boolean retryable)
    implements ServerMessage {

  public ErrorMessage {
    Check.text("code", code, 64);
    Check.present("message", message);
  }

  @Override
  public MessageType type() {
    return MessageType.ERROR;
  }
}
