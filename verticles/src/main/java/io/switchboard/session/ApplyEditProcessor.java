package io.switchboard.session;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.ot.OperationException;
import io.switchboard.ot.TextOperation;

import java.util.Map;

/**
 * Applies one edit to a session's document atomically on the member owning the document's partition: the
 * operation is transformed against everything applied since its base revision, applied, and given the next
 * revision. Two nodes can therefore never apply against the same revision. Deterministic (the caller supplies the
 * epoch a new document gets), so the backup replays it identically.
 * <p>
 * An edit the document already holds (a client's resend after a reconnect, {@link SessionDocument#duplicateOf})
 * changes nothing: the answer is the event of the revision it produced then, marked {@code duplicate}.
 * <p>
 * Returns the edit event ({@link DocumentEdits#event}) or a ServiceError body; {@link DocumentEdits#missing()} when the
 * document does not exist and {@code createIfMissing} is false (the service first reloads it from Redis).
 */
public final class ApplyEditProcessor implements EntryProcessor<String, SessionDocument, DocumentAnswer> {

  private static final long serialVersionUID = 1L;

  private final TextOperation op;
  private final long baseRevision;
  private final SessionDocument.Edit edit;
  private final String candidateEpoch;
  private final int maxHistory;
  private final int maxCodePoints;
  private final boolean createIfMissing;

  ApplyEditProcessor(TextOperation op, long baseRevision, SessionDocument.Edit edit, String candidateEpoch,
                     int maxHistory, int maxCodePoints, boolean createIfMissing) {
    this.op = op;
    this.baseRevision = baseRevision;
    this.edit = edit;
    this.candidateEpoch = candidateEpoch;
    this.maxHistory = maxHistory;
    this.maxCodePoints = maxCodePoints;
    this.createIfMissing = createIfMissing;
  }

  @Override
  public DocumentAnswer process(Map.Entry<String, SessionDocument> entry) {
    SessionDocument current = entry.getValue();
    if (current == null && !createIfMissing) {
      return DocumentEdits.missing();
    }
    if (current == null) {
      current = SessionDocument.empty(candidateEpoch, maxHistory, maxCodePoints);
    }
    long earlier = current.duplicateOf(baseRevision, edit);
    if (earlier > 0) {
      return new DocumentAnswer(DocumentEdits.event(entry.getKey(), current, earlier).put("duplicate", true));
    }
    try {
      SessionDocument.Applied applied = current.apply(baseRevision, op, edit);
      SessionDocument next = applied.document();
      entry.setValue(next);
      return new DocumentAnswer(DocumentEdits.event(entry.getKey(), next, applied.revision(), applied.operation())
        .put("length", next.document().length()));
    } catch (OperationException e) {
      return new DocumentAnswer(DocumentEdits.error(e).toJson());
    }
  }
}
