package io.switchboard.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.io.InvalidObjectException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packed form a document keeps its operations in: the same operations back (for random ones see
 * {@link TextOperationPropertiesTest#packedFormRoundTrips}), notes beside them, and nothing else accepted.
 */
class PackedOperationsTest {

  @Test
  void countsOfEveryVarintLength() {
    for (int n : new int[] {1, 31, 32, 4095, 4096, 1 << 19, (1 << 26) - 1, 1 << 26, Integer.MAX_VALUE - 2}) {
      TextOperation op = TextOperation.builder().retain(n).insert("é😀").delete(Integer.MAX_VALUE - n).build();
      assertEquals(op, PackedOperations.unpack(PackedOperations.pack(op)), "count " + n);
    }
    assertEquals(TextOperation.identity(0), PackedOperations.unpack(new byte[0]));
  }

  @Test
  void keepsATypicalEditSmall() {
    // retain 2,000, insert an 8-character token, retain 3,000: what a document keeps per edit
    byte[] form = PackedOperations.pack(op("[2000, \"token-42\", 3000]"));
    assertEquals(2 + 1 + 8 + 2, form.length);
  }

  @Test
  void refusesWhatItDidNotMake() {
    byte[] good = PackedOperations.pack(op("[3, \"ab\", -2, 1]"));
    assertTrue(PackedOperations.isCanonical(good));
    List<byte[]> bad = new ArrayList<>();
    bad.add(java.util.Arrays.copyOf(good, 3)); // cut inside the inserted text
    bad.add(new byte[] {(byte) (3 << 2 | 2), 'a'}); // an insert running past the end
    bad.add(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1}); // overlong
    bad.add(new byte[] {(byte) 0xfc, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x3f}); // a count beyond an int
    bad.add(new byte[] {3 << 2 | 3}); // a note of three bytes with none left
    bad.add(new byte[] {1 << 2 | 3, 'n', 1 << 2}); // a note that is not last
    bad.add(new byte[] {0}); // retain(0)
    bad.add(new byte[] {1 << 2, 2 << 2}); // two retains: not normal
    bad.add(new byte[] {1 << 2 | 1, 1 << 2 | 2, 'x'}); // a delete before an insert: not normal
    bad.add(new byte[] {2 << 2 | 2, (byte) 0xc3, 0x28}); // malformed UTF-8
    bad.add(new byte[] {(byte) 0x84, 0}); // a count with a needless zero byte
    bad.add(null);
    for (byte[] form : bad) {
      assertFalse(PackedOperations.isCanonical(form), java.util.Arrays.toString(form));
    }
    assertThrows(IllegalArgumentException.class, () -> PackedOperations.ofPacked(new byte[][] {good, bad.get(1)}));
  }

  @Test
  void aNoteTravelsWithTheOperationAndChangesNothingOfIt() {
    TextOperation op = op("[3, \"é😀\", -2, 1]");
    for (byte[] note : new byte[][] {null, {}, {0}, "p-1".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        new byte[300]}) {
      byte[] form = PackedOperations.pack(op, note);
      assertEquals(op, PackedOperations.unpack(form));
      assertArrayEquals(note, PackedOperations.note(form));
      assertTrue(PackedOperations.isCanonical(form));
    }
    PackedOperations kept = PackedOperations.empty().append(op("[\"ab\"]"), new byte[] {7}, 5)
      .append(op("[2, \"c\"]"), 5);
    assertArrayEquals(new byte[] {7}, kept.note(0));
    assertEquals(null, kept.note(1));
    PackedOperations renoted = kept.withNotes(java.util.Arrays.asList(null, new byte[] {9}));
    assertEquals(kept, renoted);
    assertEquals(null, renoted.note(0));
    assertArrayEquals(new byte[] {9}, renoted.note(1));
  }

  @Test
  void aDocumentKeepsItsNotesThroughTheClusterForm() throws Exception {
    OtDocument d = OtDocument.create("", 10, 100).apply(0, op("[\"hi\"]"), new byte[] {1, 2, 3}).document()
      .apply(1, op("[2, \"!\"]")).document();
    OtDocument back = JavaSerialization.copy(d);
    assertEquals(d, back);
    assertArrayEquals(new byte[] {1, 2, 3}, back.historyNote(0));
    assertEquals(null, back.historyNote(1));
  }

  @Test
  void aListReadsAndAppendsLikeTheOperations() {
    List<TextOperation> ops = List.of(op("[\"abc\"]"), op("[1, -1, 1]"), op("[\"x\", 2]"));
    PackedOperations packed = PackedOperations.of(ops);
    assertEquals(ops, packed);
    assertEquals(ops.subList(1, 3), packed.subList(1, 3));
    PackedOperations longer = packed.append(op("[3, \"!\"]"), 3);
    assertEquals(List.of(ops.get(1), ops.get(2), op("[3, \"!\"]")), longer);
    assertEquals(ops, packed, "appending made a new list");
    assertArrayEquals(PackedOperations.pack(ops.get(2)), packed.packedForms()[2]);
  }

  @Test
  void aTamperedDocumentIsRefusedOnArrival() throws Exception {
    OtDocument d = OtDocument.create("", 10, 100).apply(0, op("[\"hello\"]")).document();
    byte[] bytes = JavaSerialization.bytes(d);
    assertEquals(d, JavaSerialization.read(bytes));
    byte[] tampered = bytes.clone();
    int at = indexOf(tampered, new byte[] {5 << 2 | 2, 'h', 'e', 'l', 'l', 'o'});
    tampered[at] = (byte) (6 << 2 | 2); // an insert of six bytes where five follow: not a packed operation
    assertThrows(InvalidObjectException.class, () -> JavaSerialization.read(tampered));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static TextOperation op(String json) {
    return TextOperation.fromJson(new JsonArray(json));
  }
}
