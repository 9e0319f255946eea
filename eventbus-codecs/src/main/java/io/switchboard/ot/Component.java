package io.switchboard.ot;

import java.util.Objects;

/**
 * One component of a {@link TextOperation}: {@link Retain}, {@link Insert} or {@link Delete}.
 * Counts are in code points (see {@link CodePoints}). Instances are immutable and validated.
 */
public sealed interface Component permits Component.Retain, Component.Insert, Component.Delete {

  /** Code points of the input document this component consumes (0 for an insert). */
  int baseLength();

  /** Code points this component produces in the output document (0 for a delete). */
  int targetLength();

  /** The ot.js wire value: positive int, string, or negative int. */
  Object toJsonValue();

  /** Keep {@code count} code points unchanged. */
  final class Retain implements Component {
    /**
     * Shared instances for short counts: a document keeps its recent operations (the history a late edit is rebased
     * over), and in documents of a few thousand characters most of their retains are such counts (~300 B of the
     * ~7 KB an idle document of 12 edits weighed).
     */
    private static final Retain[] SHARED = new Retain[4096];

    static {
      for (int i = 1; i < SHARED.length; i++) {
        SHARED[i] = new Retain(i);
      }
    }

    private final int count;

    /** A retain of {@code count} (&gt; 0): a shared instance for a short count (they are immutable). */
    public static Retain of(int count) {
      return count > 0 && count < SHARED.length ? SHARED[count] : new Retain(count);
    }

    public Retain(int count) {
      if (count <= 0) {
        throw new OperationException(OperationException.INVALID_COMPONENT, "retain count must be > 0, got " + count);
      }
      this.count = count;
    }

    public int count() {
      return count;
    }

    @Override
    public int baseLength() {
      return count;
    }

    @Override
    public int targetLength() {
      return count;
    }

    @Override
    public Object toJsonValue() {
      return count;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Retain r && r.count == count;
    }

    @Override
    public int hashCode() {
      return 31 * count + 1;
    }

    @Override
    public String toString() {
      return "retain(" + count + ")";
    }
  }

  /** Insert {@code text} (non-empty, well-formed UTF-16) at the current position. */
  final class Insert implements Component {
    private final String text;
    private final int length;

    public Insert(String text) {
      Objects.requireNonNull(text, "text");
      if (text.isEmpty()) {
        throw new OperationException(OperationException.INVALID_COMPONENT, "insert text must not be empty");
      }
      if (!CodePoints.isWellFormed(text)) {
        throw new OperationException(OperationException.INVALID_COMPONENT, "insert text contains an unpaired surrogate");
      }
      this.text = text;
      this.length = CodePoints.length(text);
    }

    public String text() {
      return text;
    }

    /** Length of the text in code points. */
    public int length() {
      return length;
    }

    @Override
    public int baseLength() {
      return 0;
    }

    @Override
    public int targetLength() {
      return length;
    }

    @Override
    public Object toJsonValue() {
      return text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Insert i && i.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }

    @Override
    public String toString() {
      return "insert(\"" + text + "\")";
    }
  }

  /** Remove {@code count} code points. */
  final class Delete implements Component {
    /** Shared instances for short counts, as {@link Retain#of}: most deletions are a few characters. */
    private static final Delete[] SHARED = new Delete[256];

    static {
      for (int i = 1; i < SHARED.length; i++) {
        SHARED[i] = new Delete(i);
      }
    }

    private final int count;

    /** A delete of {@code count} (&gt; 0): a shared instance for a short count (they are immutable). */
    public static Delete of(int count) {
      return count > 0 && count < SHARED.length ? SHARED[count] : new Delete(count);
    }

    public Delete(int count) {
      if (count <= 0) {
        throw new OperationException(OperationException.INVALID_COMPONENT, "delete count must be > 0, got " + count);
      }
      this.count = count;
    }

    public int count() {
      return count;
    }

    @Override
    public int baseLength() {
      return count;
    }

    @Override
    public int targetLength() {
      return 0;
    }

    @Override
    public Object toJsonValue() {
      return -count;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Delete d && d.count == count;
    }

    @Override
    public int hashCode() {
      return 31 * count + 2;
    }

    @Override
    public String toString() {
      return "delete(" + count + ")";
    }
  }
}
