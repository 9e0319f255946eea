package io.switchboard.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.ot.Component.Delete;
import io.switchboard.ot.Component.Insert;
import io.switchboard.ot.Component.Retain;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Component rules, normalization, apply and its errors, unicode. */
class TextOperationTest {

  static TextOperation.Builder b() {
    return TextOperation.builder();
  }

  // ------------------------------------------------------------ components and normalization

  @Test
  void retainRule() {
    TextOperation op = b().retain(3).build();
    assertEquals(List.of(new Retain(3)), op.components());
    assertEquals(3, op.baseLength());
    assertEquals(3, op.targetLength());
    assertTrue(op.isNoop());
    assertEquals("abc", op.apply("abc"));
  }

  @Test
  void insertRule() {
    TextOperation op = b().insert("hi").build();
    assertEquals(List.of(new Insert("hi")), op.components());
    assertEquals(0, op.baseLength());
    assertEquals(2, op.targetLength());
    assertFalse(op.isNoop());
    assertEquals("hi", op.apply(""));
  }

  @Test
  void deleteRule() {
    TextOperation op = b().delete(2).build();
    assertEquals(List.of(new Delete(2)), op.components());
    assertEquals(2, op.baseLength());
    assertEquals(0, op.targetLength());
    assertEquals("", op.apply("ab"));
  }

  @Test
  void zeroAndEmptyAreIgnoredByTheBuilder() {
    TextOperation op = b().retain(0).insert("").delete(0).build();
    assertTrue(op.components().isEmpty());
    assertTrue(op.isNoop());
    assertEquals("", op.apply(""));
  }

  @Test
  void negativeCountsAndInvalidComponentsAreRejected() {
    assertEquals(OperationException.INVALID_COMPONENT, assertThrows(OperationException.class, () -> b().retain(-1)).code());
    assertEquals(OperationException.INVALID_COMPONENT, assertThrows(OperationException.class, () -> b().delete(-1)).code());
    assertEquals(OperationException.INVALID_COMPONENT, assertThrows(OperationException.class, () -> new Retain(0)).code());
    assertEquals(OperationException.INVALID_COMPONENT, assertThrows(OperationException.class, () -> new Delete(0)).code());
    assertEquals(OperationException.INVALID_COMPONENT, assertThrows(OperationException.class, () -> new Insert("")).code());
    assertEquals(OperationException.INVALID_COMPONENT, assertThrows(OperationException.class, () -> b().insert("a\uD83D")).code());
    assertEquals(OperationException.INVALID_COMPONENT, assertThrows(OperationException.class, () -> b().insert("\uDE00b")).code());
  }

  @Test
  void adjacentSameKindComponentsMerge() {
    TextOperation op = b().retain(1).retain(2).insert("a").insert("b").delete(1).delete(3).retain(1).build();
    assertEquals(List.of(new Retain(3), new Insert("ab"), new Delete(4), new Retain(1)), op.components());
  }

  @Test
  void insertIsMovedBeforeDelete() {
    TextOperation op = b().retain(1).delete(2).insert("x").retain(1).build();
    assertEquals(List.of(new Retain(1), new Insert("x"), new Delete(2), new Retain(1)), op.components());
    // insert, delete, insert -> one insert then the delete
    TextOperation op2 = b().insert("a").delete(1).insert("b").build();
    assertEquals(List.of(new Insert("ab"), new Delete(1)), op2.components());
    assertEquals("ab", op2.apply("z"));
  }

  @Test
  void equivalentBuildsAreEqual() {
    TextOperation x = b().delete(2).insert("ab").build();
    TextOperation y = b().insert("a").delete(1).insert("b").delete(1).build();
    assertEquals(x, y);
    assertEquals(x.hashCode(), y.hashCode());
    assertEquals("[\"ab\",-2]", x.toString());
  }

  @Test
  void factories() {
    assertEquals("ab!c", TextOperation.insert(3, 2, "!").apply("abc"));
    assertEquals("ac", TextOperation.delete(3, 1, 1).apply("abc"));
    assertEquals("abc", TextOperation.identity(3).apply("abc"));
    assertSame(TextOperation.identity(0), TextOperation.builder().build());
    assertEquals(OperationException.INVALID_COMPONENT,
        assertThrows(OperationException.class, () -> TextOperation.delete(3, 2, 2)).code());
  }

  @Test
  void lengthOverflowIsTooLarge() {
    OperationException e = assertThrows(OperationException.class, () -> b().retain(Integer.MAX_VALUE).delete(1));
    assertEquals(OperationException.TOO_LARGE, e.code());
  }

  // ------------------------------------------------------------ apply

  @Test
  void applyMixed() {
    // "hello world" -> "hello brave new world!"
    TextOperation op = b().retain(6).insert("brave new ").retain(5).insert("!").build();
    assertEquals("hello brave new world!", op.apply("hello world"));
    assertEquals(11, op.baseLength());
    assertEquals(22, op.targetLength());
  }

  @Test
  void applyBaseLengthMismatch() {
    TextOperation op = b().retain(2).insert("x").build();
    OperationException e = assertThrows(OperationException.class, () -> op.apply("abc"));
    assertEquals(OperationException.BASE_LENGTH_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
  }

  @Test
  void applyRetainPastEnd() {
    TextOperation op = b().insert("x").retain(4).build();
    OperationException e = assertThrows(OperationException.class, () -> op.apply("abc"));
    assertEquals(OperationException.RETAIN_PAST_END, e.code());
    assertEquals(1, e.index());
  }

  @Test
  void applyDeletePastEnd() {
    TextOperation op = b().retain(2).delete(2).build();
    OperationException e = assertThrows(OperationException.class, () -> op.apply("abc"));
    assertEquals(OperationException.DELETE_PAST_END, e.code());
    assertEquals(1, e.index());
  }

  @Test
  void applyTooLarge() {
    TextOperation op = b().retain(3).insert("defg").build();
    assertEquals("abcdefg", op.apply("abc", 7));
    OperationException e = assertThrows(OperationException.class, () -> op.apply("abc", 6));
    assertEquals(OperationException.TOO_LARGE, e.code());
  }

  // ------------------------------------------------------------ unicode

  @Test
  void surrogatePairCountsAsOneCodePoint() {
    String doc = "a😀b"; // U+1F600 is two UTF-16 chars
    assertEquals(4, doc.length());
    assertEquals(3, CodePoints.length(doc));
    // delete the emoji: one code point, both chars go
    TextOperation del = b().retain(1).delete(1).retain(1).build();
    assertEquals("ab", del.apply(doc));
    // insert after the emoji: position 2 (a UTF-16 offset would be 3)
    TextOperation ins = b().retain(2).insert("!").retain(1).build();
    assertEquals("a😀!b", ins.apply(doc));
    // a UTF-16-counted operation (base length 4) is refused rather than splitting the pair
    TextOperation utf16 = b().retain(2).insert("!").retain(2).build();
    assertEquals(OperationException.RETAIN_PAST_END, assertThrows(OperationException.class, () -> utf16.apply(doc)).code());
    // insert text length is counted in code points too
    assertEquals(2, b().insert("😀𝄞").build().targetLength());
  }

  @Test
  void combiningMarksAndCjk() {
    String doc = "e\u0301中文"; // é as e + combining acute, then two CJK ideographs
    assertEquals(4, CodePoints.length(doc));
    TextOperation op = b().retain(2).delete(1).insert("国").retain(1).build();
    assertEquals("e\u0301国文", op.apply(doc));
    // deleting only the combining mark leaves a plain e (allowed: still valid UTF-16)
    assertEquals("e中文", b().retain(1).delete(1).retain(2).build().apply(doc));
  }

  @Test
  void codePointConversions() {
    String s = "a😀b𝄞";
    assertEquals(0, CodePoints.toCharIndex(s, 0));
    assertEquals(1, CodePoints.toCharIndex(s, 1));
    assertEquals(3, CodePoints.toCharIndex(s, 2));
    assertEquals(4, CodePoints.toCharIndex(s, 3));
    assertEquals(6, CodePoints.toCharIndex(s, 4));
    assertEquals(2, CodePoints.toCodePointIndex(s, 3));
    assertEquals(4, CodePoints.toCodePointIndex(s, 6));
    assertThrows(IllegalArgumentException.class, () -> CodePoints.toCodePointIndex(s, 2));
    assertEquals("😀b", CodePoints.substring(s, 1, 3));
    assertTrue(CodePoints.isWellFormed(s));
    assertFalse(CodePoints.isWellFormed("\uD83D"));
    assertFalse(CodePoints.isWellFormed("\uDE00\uD83D"));
  }

  // ------------------------------------------------------------ invert

  @Test
  void invertUndoes() {
    String doc = "héllo 😀 wörld";
    TextOperation op = b().retain(2).delete(3).insert("ey").retain(1).delete(1).insert("🎉").retain(6).build();
    String after = op.apply(doc);
    assertEquals("héey 🎉 wörld", after);
    assertEquals(doc, op.invert(doc).apply(after));
  }

  // ------------------------------------------------------------ serialization

  @Test
  void javaSerializationRoundTrip() throws Exception {
    TextOperation op = b().retain(5).insert("😀 hi").delete(3).retain(2).build();
    assertEquals(op, JavaSerialization.copy(op));
    assertEquals(TextOperation.identity(0), JavaSerialization.copy(TextOperation.identity(0)));
  }
}
