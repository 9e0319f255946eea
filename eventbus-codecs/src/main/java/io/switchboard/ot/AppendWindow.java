package io.switchboard.ot;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable list of the last {@code max} items of a sequence that only grows at its end: a document's kept
 * operations, and who made them. {@link #append} returns the next window in O(1) amortized instead of copying the
 * whole window (a thousand operations copied per edit was most of an edit's cost on the partition thread).
 * <p>
 * Successive windows share one array of twice the capacity: a window sees only its own range, and the slot after
 * it is written once, by the first append from that window ({@link #claimed}); an append from an older window (two
 * edits made from the same document, as a test may) copies instead. When the array is full, the last items move to
 * a new one twice as large, up to twice the window: one copy every {@code max} appends once full. Serialized as a
 * plain list.
 *
 * @param <T> the item type
 */
public final class AppendWindow<T> extends AbstractList<T> implements RandomAccess, Serializable {

  private static final long serialVersionUID = 1L;
  private static final int MIN_CAPACITY = 8;

  private final Object[] items;
  private final int from;
  private final int to;
  /** How far {@link #items} is written, by whichever window appended last; shared by the windows over it. */
  private final AtomicInteger claimed;

  private AppendWindow(Object[] items, int from, int to, AtomicInteger claimed) {
    this.items = items;
    this.from = from;
    this.to = to;
    this.claimed = claimed;
  }

  /** An empty window. */
  public static <T> AppendWindow<T> empty() {
    return new AppendWindow<>(new Object[0], 0, 0, new AtomicInteger());
  }

  /** A window over a copy of {@code list} (of at most the {@code max} the next appends will keep). */
  public static <T> AppendWindow<T> of(List<T> list) {
    if (list instanceof AppendWindow<T> w) {
      return w;
    }
    Object[] items = list.toArray();
    return new AppendWindow<>(items, 0, items.length, new AtomicInteger(items.length));
  }

  /** This window with {@code item} at its end and its oldest items dropped beyond {@code max} ({@code max} 0: empty). */
  public AppendWindow<T> append(T item, int max) {
    if (max <= 0) {
      return empty();
    }
    int size = to - from;
    int start = size + 1 > max ? from + size + 1 - max : from;
    if (to < items.length && claimed.compareAndSet(to, to + 1)) {
      items[to] = item;
      return new AppendWindow<>(items, start, to + 1, claimed);
    }
    int keep = to - start;
    // Doubling up to twice the window: a document of a dozen edits holds a small array, not 2 x max slots (that was
    // 16 KB per idle document for its operations and authors); a full window moves once every max appends.
    Object[] next = new Object[Math.min(2 * max, Math.max(MIN_CAPACITY, 2 * (keep + 1)))];
    System.arraycopy(items, start, next, 0, keep);
    next[keep] = item;
    return new AppendWindow<>(next, 0, keep + 1, new AtomicInteger(keep + 1));
  }

  @Override
  @SuppressWarnings("unchecked")
  public T get(int index) {
    if (index < 0 || index >= to - from) {
      throw new IndexOutOfBoundsException("index " + index + " of a window of " + (to - from));
    }
    return (T) items[from + index];
  }

  @Override
  public int size() {
    return to - from;
  }

  private Object writeReplace() {
    return new ArrayList<>(this);
  }
}
