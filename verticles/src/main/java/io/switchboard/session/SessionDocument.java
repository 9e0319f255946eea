package io.switchboard.session;

import io.switchboard.ot.AppendWindow;
import io.switchboard.ot.OtDocument;
import io.switchboard.ot.TextOperation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A session's shared text as stored in the cluster: the OT document (text, revision, recent operations) plus,
 * for each kept operation, who made it, so that an edit recovered from history can still be told apart from
 * the recipient's own (acknowledged) edit. {@code epoch} is fixed when the document is created: a document
 * rebuilt after being lost gets a new one, and readers know their revisions no longer apply. Immutable.
 */
public final class SessionDocument implements Serializable {

  private static final long serialVersionUID = 2L;

  /**
   * Who made an edit: the user, the connection it came from (null over REST), the client's edit id, and whether the
   * client sent it as a resend after a reconnect ({@code resent}: from then on the same user's edit with that id
   * is a duplicate, whichever copy arrives first).
   */
  public record Edit(String author, String origin, String clientEditId, boolean resent) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Who made a kept edit, without its client edit id (kept in the operation's packed array, {@link EditIds}): the same
   * for every edit of a connection, so one instance serves them all ({@link #shared}). A kept edit was an {@code Edit}
   * of 32 B and an id string of ~64 B with its bytes; now ~20 B in the operation's array.
   */
  private record Who(String author, String origin, boolean resent) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** How far back {@link #shared} looks for an equal {@link Who}: a few editors' edits interleave. */
  private static final int SHARE_LOOKBACK = 16;

  private final String epoch;
  private final OtDocument document;
  private final List<Who> who;

  private SessionDocument(String epoch, OtDocument document, List<Who> who) {
    this.epoch = epoch;
    this.document = document;
    this.who = who;
  }

  public static SessionDocument empty(String epoch, int maxHistory, int maxCodePoints) {
    return new SessionDocument(epoch, OtDocument.create("", maxHistory, maxCodePoints), AppendWindow.empty());
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
    JsonArray edits = new JsonArray();
    for (long r = document.historyStart() + 1; r <= document.revision(); r++) {
      Edit e = editFor(r);
      JsonObject json = new JsonObject().put("author", e.author()).put("origin", e.origin())
        .put("clientEditId", e.clientEditId());
      edits.add(e.resent() ? json.put("resent", true) : json);
    }
    return new JsonObject().put("epoch", epoch).put("document", document.toJson()).put("edits", edits);
  }

  /** Inverse of {@link #toJson}; validates the document (its history must chain to its text). */
  public static SessionDocument fromJson(JsonObject json) {
    OtDocument document = OtDocument.fromJson(json.getJsonObject("document"));
    JsonArray who = json.getJsonArray("edits", new JsonArray());
    if (who.size() != document.history().size()) {
      throw new IllegalArgumentException("a snapshot needs one author per kept operation");
    }
    AppendWindow<Who> kept = AppendWindow.empty();
    List<byte[]> ids = new ArrayList<>(who.size());
    for (int i = 0; i < who.size(); i++) {
      JsonObject e = who.getJsonObject(i);
      kept = kept.append(shared(kept, new Who(e.getString("author"), e.getString("origin"),
        e.getBoolean("resent", false))), who.size());
      ids.add(EditIds.encode(e.getString("clientEditId")));
    }
    return new SessionDocument(json.getString("epoch"), document.withHistoryNotes(ids), kept);
  }

  /** Outcome of {@link #apply}: the new state, the operation as applied (to broadcast) and its revision. */
  record Applied(SessionDocument document, TextOperation operation, long revision) {
  }

  /**
   * Rebases and applies {@code op} as {@link OtDocument#apply} does, recording who made it beside the operation (its
   * client edit id in the operation's packed array). This object is not modified.
   */
  Applied apply(long baseRevision, TextOperation op, Edit edit) {
    OtDocument.Applied applied = document.apply(baseRevision, op, EditIds.encode(edit.clientEditId()));
    // one author per kept operation: the authors' window keeps as many as the operations' did
    int kept = applied.document().history().size();
    AppendWindow<Who> window = AppendWindow.of(who);
    Who made = shared(window, new Who(edit.author(), edit.origin(), edit.resent()));
    return new Applied(new SessionDocument(epoch, applied.document(), window.append(made, kept)),
      applied.operation(), applied.revision());
  }

  /** An instance equal to {@code w} among the last kept, else {@code w}: a connection's edits share one. */
  private static Who shared(List<Who> kept, Who w) {
    for (int i = kept.size() - 1; i >= Math.max(0, kept.size() - SHARE_LOOKBACK); i--) {
      if (kept.get(i).equals(w)) {
        return kept.get(i);
      }
    }
    return w;
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
    byte[] id = null;
    for (long r = Math.max(baseRevision, document.historyStart()) + 1; r <= document.revision(); r++) {
      int i = (int) (r - 1 - document.historyStart());
      Who done = who.get(i);
      if ((edit.resent() || done.resent()) && edit.author().equals(done.author())) {
        id = id == null ? EditIds.encode(edit.clientEditId()) : id;
        if (Arrays.equals(id, document.historyNote(i))) {
          return r;
        }
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
    if (i < 0 || i >= who.size()) {
      return null;
    }
    Who w = who.get(i);
    return new Edit(w.author(), w.origin(), EditIds.decode(document.historyNote(i)), w.resent());
  }
}
