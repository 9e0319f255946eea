package io.switchboard.ot;

import io.switchboard.ot.Component.Delete;
import io.switchboard.ot.Component.Insert;
import io.switchboard.ot.Component.Retain;
import io.vertx.core.json.JsonArray;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable edit of a plain-text document: a sequence of retain / insert / delete components
 * that walks the whole document from start to end (the ot.js model).
 *
 * <p><b>Normal form.</b> Components are never empty (retain/delete count &gt; 0, insert text
 * non-empty), adjacent components of the same kind are merged, and an insert is always placed
 * before an adjacent delete ({@code insert("x"), delete(2)}, never the reverse). Two operations
 * with the same effect built through {@link Builder} are therefore {@link #equals equal}.
 *
 * <p><b>Code points.</b> All counts ({@link #baseLength()}, {@link #targetLength()}, retain and
 * delete counts) are Unicode code points, not UTF-16 chars, so no operation can split a surrogate
 * pair. See {@link CodePoints} for conversions.
 *
 * <p><b>Wire form.</b> {@link #toJson()} / {@link #fromJson(JsonArray)} use the ot.js JSON form: a
 * positive integer is a retain, a negative integer a delete, a string an insert:
 * {@code [5, "hello", -3, 2]}.
 *
 * <p><b>Serialization.</b> {@link Serializable} through a compact proxy (ints + insert strings)
 * that is re-validated on read; no JSON library is involved. All methods are deterministic.
 */
public final class TextOperation implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final TextOperation EMPTY = new TextOperation(List.of(), 0, 0);

  private final List<Component> components;
  private final int baseLength;
  private final int targetLength;

  private TextOperation(List<Component> components, int baseLength, int targetLength) {
    this.components = components;
    this.baseLength = baseLength;
    this.targetLength = targetLength;
  }

  // ---------------------------------------------------------------- factories

  /** A new builder; see {@link Builder} for the normalization rules. */
  public static Builder builder() {
    return new Builder();
  }

  /** The identity on a document of {@code length} code points ({@code [length]}, or {@code []}). */
  public static TextOperation identity(int length) {
    return builder().retain(length).build();
  }

  /** Inserts {@code text} at code point {@code position} of a document of {@code docLength} code points. */
  public static TextOperation insert(int docLength, int position, String text) {
    checkRange(docLength, position, 0);
    return builder().retain(position).insert(text).retain(docLength - position).build();
  }

  /** Deletes {@code count} code points at {@code position} of a document of {@code docLength} code points. */
  public static TextOperation delete(int docLength, int position, int count) {
    checkRange(docLength, position, count);
    return builder().retain(position).delete(count).retain(docLength - position - count).build();
  }

  private static void checkRange(int docLength, int position, int count) {
    if (docLength < 0 || position < 0 || count < 0 || (long) position + count > docLength) {
      throw new OperationException(OperationException.INVALID_COMPONENT,
          "range [" + position + ", " + ((long) position + count) + ") outside a document of " + docLength + " code points");
    }
  }

  // ---------------------------------------------------------------- accessors

  /** The normalized components (unmodifiable). */
  public List<Component> components() {
    return components;
  }

  /** Code points the document must have for this operation to apply. */
  public int baseLength() {
    return baseLength;
  }

  /** Code points of the document after this operation. */
  public int targetLength() {
    return targetLength;
  }

  /** True when applying this operation changes nothing (only retains, or no component). */
  public boolean isNoop() {
    for (Component c : components) {
      if (!(c instanceof Retain)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- apply

  /**
   * Applies this operation to {@code doc}.
   *
   * <p>Errors: {@code retain_past_end} / {@code delete_past_end} (with the component index) when
   * the operation runs off the end of a document shorter than {@link #baseLength()};
   * {@code base_length_mismatch} when the operation ends before the document does.
   */
  public String apply(String doc) {
    return apply(doc, Integer.MAX_VALUE);
  }

  /**
   * As {@link #apply(String)}, failing with {@code too_large} (before doing any work) when the
   * result would exceed {@code maxCodePoints}.
   */
  public String apply(String doc, int maxCodePoints) {
    Objects.requireNonNull(doc, "doc");
    return apply(doc, CodePoints.length(doc), maxCodePoints);
  }

  /**
   * As {@link #apply(String, int)}, for a caller that knows the document's length in code points (a document that
   * holds it). A document with as many chars as code points has no surrogate pair, and positions are then char
   * indices: no walk through the text to find them, which on a long document is most of an edit's cost.
   */
  String apply(String doc, int docLength, int maxCodePoints) {
    if (targetLength > maxCodePoints) {
      throw new OperationException(OperationException.TOO_LARGE,
          "result would have " + targetLength + " code points, limit is " + maxCodePoints);
    }
    boolean plain = doc.length() == docLength;
    StringBuilder out = new StringBuilder(Math.max(16, doc.length() + 16));
    int cp = 0; // code point position in doc
    int ch = 0; // char position in doc
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      if (c instanceof Insert ins) {
        out.append(ins.text());
      } else {
        int n = c.baseLength();
        if (n > docLength - cp) {
          boolean retain = c instanceof Retain;
          throw new OperationException(retain ? OperationException.RETAIN_PAST_END : OperationException.DELETE_PAST_END, i,
              (retain ? "retain(" : "delete(") + n + ") at code point " + cp + " runs past the end of a document of "
                  + docLength + " code points (operation base length " + baseLength + ")");
        }
        int end = plain ? ch + n : doc.offsetByCodePoints(ch, n);
        if (c instanceof Retain) {
          out.append(doc, ch, end);
        }
        ch = end;
        cp += n;
      }
    }
    if (cp != docLength) {
      throw new OperationException(OperationException.BASE_LENGTH_MISMATCH,
          "operation base length is " + baseLength + " code points but the document has " + docLength);
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- invert

  /**
   * The operation that undoes this one: {@code invert(doc).apply(apply(doc)) == doc}.
   * {@code doc} is the document this operation applies to.
   */
  public TextOperation invert(String doc) {
    if (CodePoints.length(doc) != baseLength) {
      throw new OperationException(OperationException.BASE_LENGTH_MISMATCH,
          "operation base length is " + baseLength + " code points but the document has " + CodePoints.length(doc));
    }
    Builder b = builder();
    int ch = 0;
    for (Component c : components) {
      if (c instanceof Retain r) {
        b.retain(r.count());
        ch = doc.offsetByCodePoints(ch, r.count());
      } else if (c instanceof Insert ins) {
        b.delete(ins.length());
      } else {
        int end = doc.offsetByCodePoints(ch, c.baseLength());
        b.insert(doc.substring(ch, end));
        ch = end;
      }
    }
    return b.build();
  }

  // ---------------------------------------------------------------- compose

  /**
   * Composes {@code a} then {@code b} into one operation:
   * {@code compose(a, b).apply(s) == b.apply(a.apply(s))}. Requires
   * {@code a.targetLength() == b.baseLength()} ({@code base_length_mismatch} otherwise).
   */
  public static TextOperation compose(TextOperation a, TextOperation b) {
    if (a.targetLength != b.baseLength) {
      throw new OperationException(OperationException.BASE_LENGTH_MISMATCH,
          "compose: second operation's base length " + b.baseLength + " != first operation's target length " + a.targetLength);
    }
    Builder out = builder();
    Cursor c1 = new Cursor(a.components);
    Cursor c2 = new Cursor(b.components);
    Component op1 = c1.next();
    Component op2 = c2.next();
    while (op1 != null || op2 != null) {
      if (op1 instanceof Delete) {
        out.add(op1);
        op1 = c1.next();
        continue;
      }
      if (op2 instanceof Insert) {
        out.add(op2);
        op2 = c2.next();
        continue;
      }
      if (op1 == null || op2 == null) {
        throw new IllegalStateException("compose: length bookkeeping broken"); // lengths were checked
      }
      if (op1 instanceof Retain r1 && op2 instanceof Retain r2) {
        int n = Math.min(r1.count(), r2.count());
        out.retain(n);
        op1 = r1.count() > n ? new Retain(r1.count() - n) : c1.next();
        op2 = r2.count() > n ? new Retain(r2.count() - n) : c2.next();
      } else if (op1 instanceof Insert i1 && op2 instanceof Delete d2) {
        int n = Math.min(i1.length(), d2.count());
        op1 = i1.length() > n ? new Insert(CodePoints.substring(i1.text(), n, i1.length())) : c1.next();
        op2 = d2.count() > n ? new Delete(d2.count() - n) : c2.next();
      } else if (op1 instanceof Insert i1 && op2 instanceof Retain r2) {
        int n = Math.min(i1.length(), r2.count());
        if (i1.length() > n) {
          out.insert(CodePoints.substring(i1.text(), 0, n));
          op1 = new Insert(CodePoints.substring(i1.text(), n, i1.length()));
        } else {
          out.add(i1);
          op1 = c1.next();
        }
        op2 = r2.count() > n ? new Retain(r2.count() - n) : c2.next();
      } else if (op1 instanceof Retain r1 && op2 instanceof Delete d2) {
        int n = Math.min(r1.count(), d2.count());
        out.delete(n);
        op1 = r1.count() > n ? new Retain(r1.count() - n) : c1.next();
        op2 = d2.count() > n ? new Delete(d2.count() - n) : c2.next();
      } else {
        throw new IllegalStateException("compose: unexpected " + op1 + " / " + op2);
      }
    }
    return out.build();
  }

  /** {@code compose(this, next)}. */
  public TextOperation then(TextOperation next) {
    return compose(this, next);
  }

  // ---------------------------------------------------------------- transform

  /** The result of {@link #transform}: {@code a'} (to apply after b) and {@code b'} (to apply after a). */
  public record Pair(TextOperation aPrime, TextOperation bPrime) implements Serializable {
  }

  /**
   * Transforms two concurrent operations on the same document into {@code (a', b')} such that
   * {@code b'.apply(a.apply(s)).equals(a'.apply(b.apply(s)))} (TP1).
   *
   * <p><b>Tie-break:</b> when both insert at the same position, the insert of {@code a} ends up
   * first. On the server, {@code a} is the operation already in history (applied first) and
   * {@code b} the incoming one; a client transforming a received server operation against its
   * pending one must likewise pass the server's operation as {@code a}. Requires equal base
   * lengths ({@code base_length_mismatch} otherwise).
   */
  public static Pair transform(TextOperation a, TextOperation b) {
    if (a.baseLength != b.baseLength) {
      throw new OperationException(OperationException.BASE_LENGTH_MISMATCH,
          "transform: base lengths differ (" + a.baseLength + " vs " + b.baseLength + ")");
    }
    Builder aP = builder();
    Builder bP = builder();
    Cursor c1 = new Cursor(a.components);
    Cursor c2 = new Cursor(b.components);
    Component op1 = c1.next();
    Component op2 = c2.next();
    while (op1 != null || op2 != null) {
      if (op1 instanceof Insert i1) {
        aP.add(i1);
        bP.retain(i1.length());
        op1 = c1.next();
        continue;
      }
      if (op2 instanceof Insert i2) {
        aP.retain(i2.length());
        bP.add(i2);
        op2 = c2.next();
        continue;
      }
      if (op1 == null || op2 == null) {
        throw new IllegalStateException("transform: length bookkeeping broken");
      }
      int n1 = op1.baseLength();
      int n2 = op2.baseLength();
      int n = Math.min(n1, n2);
      if (op1 instanceof Retain && op2 instanceof Retain) {
        aP.retain(n);
        bP.retain(n);
      } else if (op1 instanceof Delete && op2 instanceof Retain) {
        aP.delete(n);
      } else if (op1 instanceof Retain && op2 instanceof Delete) {
        bP.delete(n);
      } // delete / delete: both already removed it, nothing to emit
      op1 = n1 > n ? shrink(op1, n1 - n) : c1.next();
      op2 = n2 > n ? shrink(op2, n2 - n) : c2.next();
    }
    return new Pair(aP.build(), bP.build());
  }

  private static Component shrink(Component c, int remaining) {
    return c instanceof Retain ? new Retain(remaining) : new Delete(remaining);
  }

  private static final class Cursor {
    private final List<Component> list;
    private int i;

    Cursor(List<Component> list) {
      this.list = list;
    }

    Component next() {
      return i < list.size() ? list.get(i++) : null;
    }
  }

  // ---------------------------------------------------------------- JSON

  /** The ot.js wire form: {@code [5, "hello", -3, 2]}. */
  public JsonArray toJson() {
    JsonArray a = new JsonArray(new ArrayList<>(components.size()));
    for (Component c : components) {
      a.add(c.toJsonValue());
    }
    return a;
  }

  /** {@link #fromJson(JsonArray, int, int)} without size limits (int overflow still gives {@code too_large}). */
  public static TextOperation fromJson(JsonArray json) {
    return fromJson(json, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * Parses the ot.js wire form strictly. Every element must be a non-zero integer or a non-empty,
   * well-formed string; anything else ({@code 0}, {@code 1.5}, {@code 2.0}, {@code null},
   * booleans, nested arrays/objects, {@code ""}, a lone surrogate) fails with
   * {@code invalid_component} and the element's index. Adjacent same-kind components are
   * accepted and normalized. More than {@code maxComponents} elements, more than
   * {@code maxInsertCodePoints} inserted code points in total, or a count or length beyond
   * {@code Integer.MAX_VALUE} fail with {@code too_large}.
   */
  public static TextOperation fromJson(JsonArray json, int maxComponents, int maxInsertCodePoints) {
    if (json == null) {
      throw new OperationException(OperationException.INVALID_COMPONENT, "operation must be a JSON array, got null");
    }
    if (json.size() > maxComponents) {
      throw new OperationException(OperationException.TOO_LARGE, maxComponents,
          "operation has " + json.size() + " components, limit is " + maxComponents);
    }
    Builder b = builder();
    long inserted = 0;
    for (int i = 0; i < json.size(); i++) {
      Object v = json.getValue(i);
      try {
        if (v instanceof String s) {
          if (s.isEmpty()) {
            throw new OperationException(OperationException.INVALID_COMPONENT, i, "component " + i + ": empty insert string");
          }
          if (!CodePoints.isWellFormed(s)) {
            throw new OperationException(OperationException.INVALID_COMPONENT, i, "component " + i + ": insert contains an unpaired surrogate");
          }
          inserted += CodePoints.length(s);
          if (inserted > maxInsertCodePoints) {
            throw new OperationException(OperationException.TOO_LARGE, i,
                "component " + i + ": inserted text exceeds " + maxInsertCodePoints + " code points");
          }
          b.insert(s);
        } else if (v instanceof Integer n && n != 0) { // the common case, without a BigInteger per component
          if (n > 0) {
            b.retain(n);
          } else if (n != Integer.MIN_VALUE) {
            b.delete(-n);
          } else {
            throw new OperationException(OperationException.TOO_LARGE, i, "component " + i + ": count " + n + " exceeds " + Integer.MAX_VALUE);
          }
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
          BigInteger n = v instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) v).longValue());
          if (n.signum() == 0) {
            throw new OperationException(OperationException.INVALID_COMPONENT, i, "component " + i + ": 0 is neither a retain nor a delete");
          }
          if (n.abs().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new OperationException(OperationException.TOO_LARGE, i, "component " + i + ": count " + n + " exceeds " + Integer.MAX_VALUE);
          }
          int count = n.intValue();
          if (count > 0) {
            b.retain(count);
          } else {
            b.delete(-count);
          }
        } else {
          throw new OperationException(OperationException.INVALID_COMPONENT, i, "component " + i + ": " + describe(v)
              + " is not an operation component (expected a non-zero integer or a non-empty string)");
        }
      } catch (OperationException e) {
        if (e.index() == i) {
          throw e;
        }
        throw new OperationException(e.code(), i, "component " + i + ": " + e.getMessage());
      }
    }
    return b.build();
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Number) {
      return "non-integer number " + v;
    }
    return "a " + v.getClass().getSimpleName();
  }

  // ---------------------------------------------------------------- Object

  @Override
  public boolean equals(Object o) {
    return o instanceof TextOperation t && t.components.equals(components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  /** The wire form, e.g. {@code [5,"hello",-3,2]}. */
  @Override
  public String toString() {
    return toJson().encode();
  }

  // ---------------------------------------------------------------- serialization proxy

  private Object writeReplace() {
    int[] counts = new int[components.size()];
    List<String> inserts = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      Component c = components.get(i);
      if (c instanceof Insert ins) {
        inserts.add(ins.text());
      } else {
        counts[i] = c instanceof Retain ? c.baseLength() : -c.baseLength();
      }
    }
    return new SerializedForm(counts, inserts.toArray(new String[0]));
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("TextOperation is serialized through its proxy");
  }

  /** Counts as in the wire form, 0 marking "next insert string". */
  private record SerializedForm(int[] counts, String[] inserts) implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() throws InvalidObjectException {
      try {
        Builder b = builder();
        int next = 0;
        for (int c : counts) {
          if (c > 0) {
            b.retain(c);
          } else if (c < 0) {
            if (c == Integer.MIN_VALUE) {
              throw new OperationException(OperationException.TOO_LARGE, "delete count overflows");
            }
            b.delete(-c);
          } else {
            b.add(new Insert(inserts[next++]));
          }
        }
        if (next != inserts.length) {
          throw new OperationException(OperationException.INVALID_COMPONENT, "unused insert strings");
        }
        return b.build();
      } catch (RuntimeException e) {
        InvalidObjectException ioe = new InvalidObjectException("invalid serialized TextOperation: " + e.getMessage());
        ioe.initCause(e);
        throw ioe;
      }
    }
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a normalized {@link TextOperation} (mutable, not thread-safe). {@code retain(0)},
   * {@code delete(0)} and {@code insert("")} are ignored (as in ot.js); negative counts fail
   * with {@code invalid_component}; adjacent same-kind components merge; an insert following a
   * delete is moved before it. Lengths beyond {@code Integer.MAX_VALUE} fail with {@code too_large}.
   */
  public static final class Builder {
    private final ArrayList<Component> list = new ArrayList<>();
    private int baseLength;
    private int targetLength;

    private Builder() {
    }

    public Builder retain(int n) {
      if (n == 0) {
        return this;
      }
      Retain r = Retain.of(n);
      baseLength = add(baseLength, n);
      targetLength = add(targetLength, n);
      Component last = last(1);
      if (last instanceof Retain lr) {
        list.set(list.size() - 1, Retain.of(add(lr.count(), n)));
      } else {
        list.add(r);
      }
      return this;
    }

    public Builder insert(String text) {
      if (text.isEmpty()) {
        return this;
      }
      return insert(new Insert(text));
    }

    private Builder insert(Insert ins) {
      targetLength = add(targetLength, ins.length());
      Component last = last(1);
      if (last instanceof Insert li) {
        list.set(list.size() - 1, new Insert(li.text() + ins.text()));
      } else if (last instanceof Delete) {
        // canonical order: insert before delete
        if (last(2) instanceof Insert li2) {
          list.set(list.size() - 2, new Insert(li2.text() + ins.text()));
        } else {
          list.add(list.size() - 1, ins);
        }
      } else {
        list.add(ins);
      }
      return this;
    }

    public Builder delete(int n) {
      if (n == 0) {
        return this;
      }
      Delete d = Delete.of(n);
      baseLength = add(baseLength, n);
      Component last = last(1);
      if (last instanceof Delete ld) {
        list.set(list.size() - 1, Delete.of(add(ld.count(), n)));
      } else {
        list.add(d);
      }
      return this;
    }

    /** Appends any component (merging/reordering as above). */
    public Builder add(Component c) {
      if (c instanceof Retain r) {
        return retain(r.count());
      } else if (c instanceof Insert i) {
        return insert(i);
      } else {
        return delete(((Delete) c).count());
      }
    }

    public TextOperation build() {
      if (list.isEmpty()) {
        return EMPTY;
      }
      // List.copyOf: one object and an exact array (none for one or two components), where an unmodifiable view
      // over an ArrayList was three objects and a padded array; a document keeps up to a thousand operations
      return new TextOperation(List.copyOf(list), baseLength, targetLength);
    }

    private Component last(int k) {
      return list.size() >= k ? list.get(list.size() - k) : null;
    }

    private static int add(int x, int y) {
      try {
        return Math.addExact(x, y);
      } catch (ArithmeticException e) {
        throw new OperationException(OperationException.TOO_LARGE, "operation length exceeds " + Integer.MAX_VALUE + " code points");
      }
    }
  }
}
