package io.switchboard.ot;

import io.switchboard.ot.Component.Insert;
import io.switchboard.ot.Component.Retain;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A document's kept operations, each held as one small byte array and decoded when read: an immutable list of
 * {@link TextOperation}s over an {@link AppendWindow} of packed forms.
 * <p>
 * Why: a document keeps its last operations (up to a thousand) for the late edits it must rebase and the clients that
 * resume, but reads only the few made since an edit's base revision. As objects, a typical kept operation (retain,
 * insert, retain) was some 160 bytes (the operation, its component list and array, the insert, its string and bytes);
 * packed it is one array of a dozen bytes and its header, about 32. Decoding the few operations an edit is rebased
 * over costs far less than the rest of an edit.
 * <p>
 * The packed form, per component in order: a varint of {@code count << 2 | kind} (kind 0 retain, 1 delete, 2 insert
 * with {@code count} the inserted text's UTF-8 bytes, which follow); then, optionally, the keeper's <em>note</em>: a
 * varint of {@code length << 2 | 3} and that many bytes, which the operation ignores (a session keeps the client's
 * id of the edit there: in the same array, not in a string and an array of its own). It is canonical: packing an
 * unpacked operation with its note gives the same bytes ({@link #isCanonical} is how a deserialized form is checked).
 */
final class PackedOperations extends AbstractList<TextOperation> implements RandomAccess {

  private static final int RETAIN = 0;
  private static final int DELETE = 1;
  private static final int INSERT = 2;
  private static final int NOTE = 3;

  private static final PackedOperations EMPTY = new PackedOperations(AppendWindow.empty());

  private final AppendWindow<byte[]> packed;

  private PackedOperations(AppendWindow<byte[]> packed) {
    this.packed = packed;
  }

  static PackedOperations empty() {
    return EMPTY;
  }

  /** The operations of {@code ops}, packed (itself when it already is). */
  static PackedOperations of(List<TextOperation> ops) {
    if (ops instanceof PackedOperations p) {
      return p;
    }
    PackedOperations out = EMPTY;
    for (TextOperation op : ops) {
      out = out.append(op, ops.size());
    }
    return out;
  }

  /** Operations from their packed forms, which must be canonical (else {@link IllegalArgumentException}). */
  static PackedOperations ofPacked(byte[][] forms) {
    for (int i = 0; i < forms.length; i++) {
      if (!isCanonical(forms[i])) {
        throw new IllegalArgumentException("operation " + i + " is not a packed operation");
      }
    }
    return new PackedOperations(AppendWindow.of(List.of(forms)));
  }

  /** This list with {@code op} at its end and its oldest operations dropped beyond {@code max}. */
  PackedOperations append(TextOperation op, int max) {
    return append(op, null, max);
  }

  /** The same with the keeper's {@code note} (null: none) kept beside {@code op}. */
  PackedOperations append(TextOperation op, byte[] note, int max) {
    return new PackedOperations(packed.append(pack(op, note), max));
  }

  /** The note kept beside operation {@code index}, null if none (a copy). */
  byte[] note(int index) {
    return note(packed.get(index));
  }

  /** These operations with {@code notes} beside them, one each (null: none). */
  PackedOperations withNotes(List<byte[]> notes) {
    if (notes.size() != size()) {
      throw new IllegalArgumentException(notes.size() + " notes for " + size() + " operations");
    }
    PackedOperations out = EMPTY;
    for (int i = 0; i < size(); i++) {
      out = out.append(get(i), notes.get(i), size());
    }
    return out;
  }

  /** The packed forms, oldest first (the arrays themselves: not to be changed). */
  byte[][] packedForms() {
    return packed.toArray(new byte[0][]);
  }

  @Override
  public TextOperation get(int index) {
    return unpack(packed.get(index));
  }

  @Override
  public int size() {
    return packed.size();
  }

  // ---------------------------------------------------------------- the packed form

  static byte[] pack(TextOperation op) {
    return pack(op, null);
  }

  static byte[] pack(TextOperation op, byte[] note) {
    List<Component> components = op.components();
    byte[][] texts = new byte[components.size()][];
    int size = 0;
    for (int i = 0; i < texts.length; i++) {
      Component c = components.get(i);
      if (c instanceof Insert ins) {
        texts[i] = ins.text().getBytes(StandardCharsets.UTF_8);
        size += varintSize((long) texts[i].length << 2) + texts[i].length;
      } else {
        size += varintSize((long) c.baseLength() << 2);
      }
    }
    if (note != null) {
      size += varintSize((long) note.length << 2) + note.length;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (int i = 0; i < texts.length; i++) {
      Component c = components.get(i);
      if (texts[i] != null) {
        at = putVarint(out, at, (long) texts[i].length << 2 | INSERT);
        System.arraycopy(texts[i], 0, out, at, texts[i].length);
        at += texts[i].length;
      } else {
        at = putVarint(out, at, (long) c.baseLength() << 2 | (c instanceof Retain ? RETAIN : DELETE));
      }
    }
    if (note != null) {
      at = putVarint(out, at, (long) note.length << 2 | NOTE);
      System.arraycopy(note, 0, out, at, note.length);
    }
    return out;
  }

  /** The note packed in {@code form} (a copy), null if none. */
  static byte[] note(byte[] form) {
    Header h = new Header(form);
    while (h.at < form.length) {
      h.next();
      if (h.kind == NOTE) {
        return Arrays.copyOfRange(form, h.at, h.at + h.count);
      }
      if (h.kind == INSERT) {
        h.at += h.count;
      }
    }
    return null;
  }

  /**
   * The operation packed in {@code form}. A form this class did not make may fail ({@link OperationException},
   * {@link IllegalArgumentException}) or decode to something else (malformed UTF-8 reads as U+FFFD): check foreign
   * forms with {@link #isCanonical}.
   */
  static TextOperation unpack(byte[] form) {
    TextOperation.Builder b = TextOperation.builder();
    Header h = new Header(form);
    while (h.at < form.length) {
      h.next();
      int n = h.count;
      switch (h.kind) {
        case RETAIN -> b.retain(n);
        case DELETE -> b.delete(n);
        case INSERT -> {
          if (n > form.length - h.at) {
            throw new IllegalArgumentException("insert of " + n + " bytes runs past the end");
          }
          b.insert(new String(form, h.at, n, StandardCharsets.UTF_8));
          h.at += n;
        }
        default -> { // the note: the rest of the form, not the operation's
          if (n != form.length - h.at) {
            throw new IllegalArgumentException("a note of " + n + " bytes where " + (form.length - h.at) + " are left");
          }
          return b.build();
        }
      }
    }
    return b.build();
  }

  /** True when {@code form} is exactly what {@link #pack} makes of some operation: it unpacks and packs back the same. */
  static boolean isCanonical(byte[] form) {
    try {
      return Arrays.equals(pack(unpack(form), note(form)), form);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Reads a form's component headers: the varint {@code count << 2 | kind} at {@link #at}, then past it. */
  private static final class Header {
    private final byte[] form;
    private int at;
    private int kind;
    private int count;

    Header(byte[] form) {
      this.form = form;
    }

    void next() {
      long v = 0;
      int shift = 0;
      byte x;
      do {
        if (at >= form.length || shift > 35) {
          throw new IllegalArgumentException("truncated or overlong count at byte " + at);
        }
        x = form[at++];
        v |= (long) (x & 0x7f) << shift;
        shift += 7;
      } while (x < 0);
      if (v >>> 2 > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("count " + (v >>> 2) + " exceeds " + Integer.MAX_VALUE);
      }
      kind = (int) (v & 3);
      count = (int) (v >>> 2);
    }
  }

  private static int varintSize(long v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  private static int putVarint(byte[] out, int at, long v) {
    while ((v & ~0x7fL) != 0) {
      out[at++] = (byte) (v & 0x7f | 0x80);
      v >>>= 7;
    }
    out[at++] = (byte) v;
    return at;
  }
}
