package io.switchboard.session;

import io.switchboard.ot.AppendWindow;
import io.switchboard.ot.OtDocument;
import io.switchboard.ot.TextOperation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's shared text as stored in the cluster: the OT document (text, revision, recent operations) plus,
 * for each kept operation, who made it, so that an edit recovered from history can still be told apart from
 * the recipient's own (acknowledged) edit. {@code epoch} is fixed when the document is created: a document
 * rebuilt after being lost gets a new one, and readers know their revisions no longer apply. Immutable.
 */
public final class SessionDocument implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Who made an edit: the user, the connection it came from (null over REST), the client's edit id, and whether the
   * client sent it as a resend after a reconnect ({@code resent}: from then on the same user's edit with that id
   * is a duplicate, whichever copy arrives first).
   */
  public record Edit(String author, String origin, String clientEditId, boolean resent) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final String epoch;
  private final OtDocument document;
  private final List<Edit> edits;

  private SessionDocument(String epoch, OtDocument document, List<Edit> edits) {
    this.epoch = epoch;
    this.document = document;
    this.edits = edits;
  }

  public static SessionDocument empty(String epoch, int maxHistory, int maxCodePoints) {
    return new SessionDocument(epoch, OtDocument.create("", maxHistory, maxCodePoints), List.of());
  }

  public String epoch() {
    return epoch;
  }

  public OtDocument document() {
    return document;
  }

  /**
   * The snapshot form kept in Redis (docs/durability.md): {@code {epoch, document: OtDocument JSON (text,
   * revision, history, limits), edits: [{author, origin, clientEditId, resent?}] (one per kept operation)}}.
   */
  public JsonObject toJson() {
    JsonArray who = new JsonArray();
    edits.forEach(e -> {
      JsonObject json = new JsonObject().put("author", e.author()).put("origin", e.origin())
        .put("clientEditId", e.clientEditId());
      who.add(e.resent() ? json.put("resent", true) : json);
    });
    return new JsonObject().put("epoch", epoch).put("document", document.toJson()).put("edits", who);
  }

  /** Inverse of {@link #toJson}; validates the document (its history must chain to its text). */
  public static SessionDocument fromJson(JsonObject json) {
    OtDocument document = OtDocument.fromJson(json.getJsonObject("document"));
    JsonArray who = json.getJsonArray("edits", new JsonArray());
    if (who.size() != document.history().size()) {
      throw new IllegalArgumentException("a snapshot needs one author per kept operation");
    }
    List<Edit> edits = new ArrayList<>(who.size());
    for (int i = 0; i < who.size(); i++) {
      JsonObject e = who.getJsonObject(i);
      edits.add(new Edit(e.getString("author"), e.getString("origin"), e.getString("clientEditId"),
        e.getBoolean("resent", false)));
    }
    return new SessionDocument(json.getString("epoch"), document, List.copyOf(edits));
  }

  /** The document with {@code applied} appended, its author recorded beside the operation. */
  SessionDocument with(OtDocument.Applied applied, Edit edit) {
    // one author per kept operation: the authors' window keeps as many as the operations' did
    int kept = applied.document().history().size();
    return new SessionDocument(epoch, applied.document(), AppendWindow.of(edits).append(edit, kept));
  }

  /**
   * The revision an edit already produced, if {@code edit} is a copy of one applied after {@code baseRevision}: the
   * same author and client edit id, and either copy sent as a resend (a client that resends after a reconnect keeps
   * its ids unique; one that never does may reuse them, and its edits are then never taken for copies). 0 if none.
   * An edit is always applied after its base revision, so the search stops there; a copy of an edit from beyond
   * the kept history is not found (the edit itself would get {@code resync}).
   */
  long duplicateOf(long baseRevision, Edit edit) {
    if (edit.clientEditId() == null) {
      return 0;
    }
    for (long r = Math.max(baseRevision, document.historyStart()) + 1; r <= document.revision(); r++) {
      Edit done = editFor(r);
      if (done != null && (edit.resent() || done.resent()) && edit.clientEditId().equals(done.clientEditId())
          && edit.author().equals(done.author())) {
        return r;
      }
    }
    return 0;
  }

  /** Kept operation that produced revision {@code revision}, with its author; null if not kept. */
  TextOperation operationFor(long revision) {
    int i = (int) (revision - 1 - document.historyStart());
    return i < 0 || i >= document.history().size() ? null : document.history().get(i);
  }

  Edit editFor(long revision) {
    int i = (int) (revision - 1 - document.historyStart());
    return i < 0 || i >= edits.size() ? null : edits.get(i);
  }
}
