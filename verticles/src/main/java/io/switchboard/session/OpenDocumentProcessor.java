package io.switchboard.session;

import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Reads a session's document, creating it empty (with the caller's epoch) if it does not exist yet, so that
 * every reader gets a position (epoch, revision) to continue from. With {@code since} &ge; 0 it also returns the
 * kept edits after that revision, or {@code resync: true} when they are no longer all kept.
 * <p>
 * Returns {@code {epoch, text, revision, historyStart, edits?: [event], resync?: true}}, or
 * {@link DocumentEdits#missing()} when the document does not exist and {@code createIfMissing} is false.
 */
public final class OpenDocumentProcessor implements EntryProcessor<String, SessionDocument, DocumentAnswer> {

  private static final long serialVersionUID = 1L;

  private final String candidateEpoch;
  private final int maxHistory;
  private final int maxCodePoints;
  private final long since;
  private final int max;
  private final boolean createIfMissing;

  OpenDocumentProcessor(String candidateEpoch, int maxHistory, int maxCodePoints, long since, int max,
                        boolean createIfMissing) {
    this.candidateEpoch = candidateEpoch;
    this.maxHistory = maxHistory;
    this.maxCodePoints = maxCodePoints;
    this.since = since;
    this.max = max;
    this.createIfMissing = createIfMissing;
  }

  @Override
  public DocumentAnswer process(Map.Entry<String, SessionDocument> entry) {
    SessionDocument doc = entry.getValue();
    if (doc == null && !createIfMissing) {
      return DocumentEdits.missing();
    }
    if (doc == null) {
      doc = SessionDocument.empty(candidateEpoch, maxHistory, maxCodePoints);
      entry.setValue(doc);
    }
    long revision = doc.document().revision();
    long start = doc.document().historyStart();
    JsonObject result = new JsonObject().put("epoch", doc.epoch()).put("text", doc.document().text())
      .put("revision", revision).put("historyStart", start);
    if (since >= 0) {
      if (since < start) {
        result.put("resync", true);
      } else {
        JsonArray edits = new JsonArray();
        for (long r = since + 1; r <= revision && edits.size() < max; r++) {
          edits.add(DocumentEdits.event(entry.getKey(), doc, r));
        }
        result.put("edits", edits);
      }
    }
    return new DocumentAnswer(result);
  }
}
