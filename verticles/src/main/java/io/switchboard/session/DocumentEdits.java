package io.switchboard.session;

import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.ot.OperationException;
import io.switchboard.ot.TextOperation;
import io.vertx.core.json.JsonObject;

/**
 * The wire forms shared by the document processors and the service: an applied edit event
 * {@code {session, epoch, revision, op, author, origin?, clientEditId?}} and the mapping of operational-transform
 * failures onto stable error codes.
 */
final class DocumentEdits {

  /**
   * What a document processor answers when the document is not in the cluster and it was told not to create it
   * (an archive may hold it: the service reloads it, then asks again).
   */
  static DocumentAnswer missing() {
    return new DocumentAnswer(new JsonObject().put("missing", true));
  }

  private DocumentEdits() {
  }

  static boolean missing(JsonObject answer) {
    return answer.getBoolean("missing", false);
  }

  static JsonObject event(String session, SessionDocument doc, long revision) {
    return event(session, doc, revision, doc.operationFor(revision));
  }

  /** As above, with the operation that produced {@code revision} in hand (the kept one is packed: read, it is decoded). */
  static JsonObject event(String session, SessionDocument doc, long revision, TextOperation op) {
    SessionDocument.Edit edit = doc.editFor(revision);
    JsonObject event = new JsonObject().put("session", session).put("epoch", doc.epoch()).put("revision", revision)
      .put("op", op.toJson());
    if (edit != null) {
      event.put("author", edit.author()).put("origin", edit.origin()).put("clientEditId", edit.clientEditId());
    }
    return event;
  }

  static ServiceError error(OperationException e) {
    return switch (e.code()) {
      case OperationException.RESYNC -> new ServiceError(ErrorCode.RESYNC, e.getMessage());
      case OperationException.INVALID_REVISION -> new ServiceError(ErrorCode.INVALID_REVISION, e.getMessage());
      case OperationException.BASE_LENGTH_MISMATCH -> new ServiceError(ErrorCode.BASE_LENGTH_MISMATCH, e.getMessage());
      case OperationException.DELETE_PAST_END -> new ServiceError(ErrorCode.DELETE_PAST_END, e.getMessage());
      case OperationException.RETAIN_PAST_END -> new ServiceError(ErrorCode.RETAIN_PAST_END, e.getMessage());
      case OperationException.TOO_LARGE -> new ServiceError(ErrorCode.DOCUMENT_TOO_LARGE, e.getMessage());
      default -> ServiceError.validation(new JsonObject().put(e.index() >= 0 ? "op[" + e.index() + "]" : "op", e.getMessage()));
    };
  }
}
