package io.switchboard.ot;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The server's authoritative state of one collaborative document: text, revision and a bounded
 * window of the most recent operations (as applied, i.e. already transformed). Immutable,
 * {@link Serializable} and deterministic, so it can be the value of a Hazelcast map entry and be
 * replaced by an entry processor.
 *
 * <p><b>Revisions.</b> A new document is at revision 0; each applied operation produces the next
 * revision. {@link #history()} holds the operations that produced revisions
 * {@code historyStart()+1 .. revision()}; operation {@code k} of the list turns revision
 * {@code historyStart()+k} into {@code historyStart()+k+1}.
 *
 * <p><b>Receiving an edit.</b> {@link #apply(long, TextOperation)} rebases the operation made at
 * {@code baseRevision} over {@code history[baseRevision - historyStart ..]}, applies it and
 * returns the new state plus the transformed operation to broadcast. A base revision older than
 * the window fails with {@code resync} (the client must reload the text and revision).
 */
public final class OtDocument implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Default number of operations kept for rebasing. */
  public static final int DEFAULT_MAX_HISTORY = 1000;
  /** Default document size limit, in code points. */
  public static final int DEFAULT_MAX_CODE_POINTS = 1 << 20;

  private final String text;
  private final int length;
  private final long revision;
  /** Packed: a document keeps up to {@code maxHistory} of them and reads the few an edit is rebased over. */
  private final PackedOperations history;
  private final int maxHistory;
  private final int maxCodePoints;

  /**
   * The result of applying a valid operation to a valid document: well-formed (inserts are checked when an operation
   * is made, and code point positions cannot split a pair) and of the operation's target length, so neither is
   * checked again: on a long document those scans were a third of an edit's cost.
   */
  private OtDocument(String text, int length, long revision, PackedOperations history, int maxHistory,
                     int maxCodePoints) {
    this.text = text;
    this.length = length;
    this.revision = revision;
    this.history = history;
    this.maxHistory = maxHistory;
    this.maxCodePoints = maxCodePoints;
  }

  private OtDocument(String text, long revision, List<TextOperation> history, int maxHistory, int maxCodePoints) {
    Objects.requireNonNull(text, "text");
    if (maxHistory < 0 || maxCodePoints < 0) {
      throw new IllegalArgumentException("limits must be >= 0");
    }
    if (revision < history.size()) {
      throw new IllegalArgumentException("revision " + revision + " < history size " + history.size());
    }
    if (history.size() > maxHistory) {
      throw new IllegalArgumentException("history size " + history.size() + " > maxHistory " + maxHistory);
    }
    if (!CodePoints.isWellFormed(text)) {
      throw new IllegalArgumentException("text contains an unpaired surrogate");
    }
    this.text = text;
    this.length = CodePoints.length(text);
    if (length > maxCodePoints) {
      throw new OperationException(OperationException.TOO_LARGE, "document has " + length + " code points, limit is " + maxCodePoints);
    }
    if (!history.isEmpty() && history.get(history.size() - 1).targetLength() != length) {
      throw new IllegalArgumentException("last history operation does not produce the text's length");
    }
    this.revision = revision;
    this.history = PackedOperations.of(history);
    this.maxHistory = maxHistory;
    this.maxCodePoints = maxCodePoints;
  }

  /** A new document at revision 0 with the default limits. */
  public static OtDocument create(String text) {
    return create(text, DEFAULT_MAX_HISTORY, DEFAULT_MAX_CODE_POINTS);
  }

  /** A new document at revision 0. */
  public static OtDocument create(String text, int maxHistory, int maxCodePoints) {
    return new OtDocument(text, 0, List.of(), maxHistory, maxCodePoints);
  }

  /** A document restored at {@code revision} with an empty history (e.g. from a snapshot). */
  public static OtDocument restore(String text, long revision, int maxHistory, int maxCodePoints) {
    if (revision < 0) {
      throw new IllegalArgumentException("revision must be >= 0");
    }
    return new OtDocument(text, revision, List.of(), maxHistory, maxCodePoints);
  }

  public String text() {
    return text;
  }

  /** Length of {@link #text()} in code points. */
  public int length() {
    return length;
  }

  public long revision() {
    return revision;
  }

  /** Oldest revision a client may still base an operation on. */
  public long historyStart() {
    return revision - history.size();
  }

  /** The kept operations, oldest first (unmodifiable; each read decodes its operation anew). */
  public List<TextOperation> history() {
    return history;
  }

  /** The note kept beside {@code history().get(index)} (a copy), null if none. */
  public byte[] historyNote(int index) {
    return history.note(index);
  }

  /** This document with {@code notes} (one per kept operation, null: none) beside its kept operations. */
  public OtDocument withHistoryNotes(List<byte[]> notes) {
    return new OtDocument(text, length, revision, history.withNotes(notes), maxHistory, maxCodePoints);
  }

  public int maxHistory() {
    return maxHistory;
  }

  public int maxCodePoints() {
    return maxCodePoints;
  }

  /** Outcome of {@link #apply}: the new state, the operation as applied (to broadcast) and its revision. */
  public record Applied(OtDocument document, TextOperation operation, long revision) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Rebases {@code op} (made against {@code baseRevision}) over the operations applied since,
   * applies it and assigns the next revision. This object is not modified.
   *
   * @throws OperationException {@code invalid_revision} if {@code baseRevision} is negative or
   *     newer than {@link #revision()}; {@code resync} if it is older than {@link #historyStart()};
   *     {@code base_length_mismatch} (or {@code retain_past_end} / {@code delete_past_end}) if
   *     the operation does not fit the document at {@code baseRevision}; {@code too_large} if the
   *     result would exceed {@link #maxCodePoints()}
   */
  public Applied apply(long baseRevision, TextOperation op) {
    return apply(baseRevision, op, null);
  }

  /**
   * As {@link #apply(long, TextOperation)}, keeping {@code note} (the keeper's bytes, null: none) beside the applied
   * operation for as long as it is kept: {@link #historyNote}. A session keeps the client's id of the edit there, in
   * the operation's own packed array.
   */
  public Applied apply(long baseRevision, TextOperation op, byte[] note) {
    Objects.requireNonNull(op, "op");
    if (baseRevision < 0 || baseRevision > revision) {
      throw new OperationException(OperationException.INVALID_REVISION,
          "base revision " + baseRevision + " is not in [0, " + revision + "]");
    }
    if (baseRevision < historyStart()) {
      throw new OperationException(OperationException.RESYNC,
          "base revision " + baseRevision + " is older than the kept history (starts at " + historyStart() + "); resynchronise");
    }
    List<TextOperation> concurrent = history.subList((int) (baseRevision - historyStart()), history.size());
    TextOperation rebased = Transformer.transformAgainstHistory(op, concurrent);
    String newText = rebased.apply(text, length, maxCodePoints);
    OtDocument doc = new OtDocument(newText, rebased.targetLength(), revision + 1,
        history.append(rebased, note, maxHistory), maxHistory, maxCodePoints);
    return new Applied(doc, rebased, revision + 1);
  }

  // ---------------------------------------------------------------- JSON

  /** {@code {"text":..,"revision":..,"history":[[..],..],"maxHistory":..,"maxCodePoints":..}}. */
  public JsonObject toJson() {
    JsonArray h = new JsonArray();
    for (TextOperation op : history) {
      h.add(op.toJson());
    }
    return new JsonObject()
        .put("text", text)
        .put("revision", revision)
        .put("history", h)
        .put("maxHistory", maxHistory)
        .put("maxCodePoints", maxCodePoints);
  }

  /** Inverse of {@link #toJson()}; validates everything (history must chain to the text's length). */
  public static OtDocument fromJson(JsonObject json) {
    JsonArray h = json.getJsonArray("history", new JsonArray());
    List<TextOperation> ops = new ArrayList<>(h.size());
    for (int i = 0; i < h.size(); i++) {
      TextOperation op = TextOperation.fromJson(h.getJsonArray(i));
      if (!ops.isEmpty() && ops.get(ops.size() - 1).targetLength() != op.baseLength()) {
        throw new IllegalArgumentException("history operation " + i + " does not follow the previous one");
      }
      ops.add(op);
    }
    return new OtDocument(json.getString("text"), json.getLong("revision"), Collections.unmodifiableList(ops),
        json.getInteger("maxHistory", DEFAULT_MAX_HISTORY), json.getInteger("maxCodePoints", DEFAULT_MAX_CODE_POINTS));
  }

  @Override
  public boolean equals(Object o) {
    // the kept operations compare as operations: notes are their keeper's to compare
    return o instanceof OtDocument d && d.revision == revision && d.text.equals(text) && d.history.equals(history)
        && d.maxHistory == maxHistory && d.maxCodePoints == maxCodePoints;
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, revision, history, maxHistory, maxCodePoints);
  }

  @Override
  public String toString() {
    return "OtDocument{revision=" + revision + ", length=" + length + ", history=" + history.size() + "}";
  }

  // ---------------------------------------------------------------- serialization proxy

  private Object writeReplace() {
    return new SerializedForm(text, revision, history.packedForms(), maxHistory, maxCodePoints);
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("OtDocument is serialized through its proxy");
  }

  /** The kept operations travel packed (a cluster backs up and migrates documents), checked on arrival. */
  private record SerializedForm(String text, long revision, byte[][] history, int maxHistory, int maxCodePoints)
      implements Serializable {
    private static final long serialVersionUID = 2L;

    private Object readResolve() throws InvalidObjectException {
      try {
        PackedOperations ops = PackedOperations.ofPacked(history);
        TextOperation previous = null;
        for (TextOperation op : ops) {
          if (previous != null && previous.targetLength() != op.baseLength()) {
            throw new IllegalArgumentException("history does not chain");
          }
          previous = op;
        }
        return new OtDocument(text, revision, ops, maxHistory, maxCodePoints);
      } catch (RuntimeException e) {
        InvalidObjectException ioe = new InvalidObjectException("invalid serialized OtDocument: " + e.getMessage());
        ioe.initCause(e);
        throw ioe;
      }
    }
  }
}
