package io.switchboard.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The last {@code max} items, appended without copying the window, and never changed once seen. */
class AppendWindowTest {

  @Test
  void keepsTheLastMaxItemsInOrder() {
    AppendWindow<Integer> w = AppendWindow.empty();
    for (int i = 0; i < 2500; i++) {
      w = w.append(i, 1000);
      assertEquals(Math.min(i + 1, 1000), w.size());
      assertEquals(i, w.get(w.size() - 1));
    }
    assertEquals(IntStream.range(1500, 2500).boxed().toList(), w);
    assertEquals(List.of(), AppendWindow.<Integer>empty().append(1, 0));
    AppendWindow<Integer> one = w;
    assertThrows(IndexOutOfBoundsException.class, () -> one.get(1000));
  }

  /** Two appends to the same window (a fork) give two windows that do not see each other's item. */
  @Test
  void aWindowNeverChangesWhenAnotherAppendsFromIt() {
    AppendWindow<String> base = AppendWindow.<String>empty().append("a", 5).append("b", 5);
    List<String> before = new ArrayList<>(base);
    AppendWindow<String> left = base.append("L", 5);
    AppendWindow<String> right = base.append("R", 5);
    assertEquals(before, base);
    assertEquals(List.of("a", "b", "L"), left);
    assertEquals(List.of("a", "b", "R"), right);
    assertEquals(List.of("a", "b", "L", "x"), left.append("x", 5));
    assertEquals(List.of("a", "b", "R", "y"), right.append("y", 5));
  }

  @Test
  void ofAListCopiesItAndSerializesAsAPlainList() throws Exception {
    List<String> source = new ArrayList<>(List.of("a", "b"));
    AppendWindow<String> w = AppendWindow.of(source);
    source.set(0, "changed");
    assertEquals(List.of("a", "b", "c"), w.append("c", 3));
    assertEquals(List.of("a", "b", "c"), JavaSerialization.copy(w.append("c", 3)));
  }

  /** A short window holds a small array (documents with a few edits stay light), and still appends in place. */
  @Test
  void aShortWindowStaysSmall() throws Exception {
    AppendWindow<Integer> w = AppendWindow.empty();
    for (int i = 0; i < 12; i++) {
      w = w.append(i, 1000);
    }
    java.lang.reflect.Field items = AppendWindow.class.getDeclaredField("items");
    items.setAccessible(true);
    int capacity = ((Object[]) items.get(w)).length;
    org.junit.jupiter.api.Assertions.assertTrue(capacity >= 12 && capacity <= 32, "capacity " + capacity);
    assertEquals(IntStream.range(0, 12).boxed().toList(), w);
  }
}
