package io.switchboard.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples of compose, transform (including the tie-break) and history rebasing. */
class ComposeTransformTest {

  static TextOperation op(String json) {
    return TextOperation.fromJson(new JsonArray(json));
  }

  @Test
  void composeExamples() {
    // "abc" -> "aXbc" -> "aXc"
    TextOperation a = op("[1, \"X\", 2]");
    TextOperation b = op("[2, -1, 1]");
    TextOperation ab = TextOperation.compose(a, b);
    assertEquals("aXc", ab.apply("abc"));
    assertEquals(op("[1, \"X\", -1, 1]"), ab);
    // deleting what was just inserted cancels out
    assertEquals(op("[3]"), TextOperation.compose(op("[1, \"😀\", 2]"), op("[1, -1, 2]")));
    // partial slices of an insert are cut on code points
    TextOperation c = TextOperation.compose(op("[\"😀𝄞中\"]"), op("[1, -1, 1]"));
    assertEquals(op("[\"😀中\"]"), c);
    assertEquals(a.then(b), ab);
  }

  @Test
  void composeLengthMismatch() {
    OperationException e = assertThrows(OperationException.class, () -> TextOperation.compose(op("[1, \"x\"]"), op("[1]")));
    assertEquals(OperationException.BASE_LENGTH_MISMATCH, e.code());
  }

  @Test
  void transformConcurrentInsertAndDelete() {
    String s = "hello";
    TextOperation a = op("[5, \" world\"]"); // append
    TextOperation b = op("[-1, \"j\", 4]");  // h -> j
    TextOperation.Pair p = TextOperation.transform(a, b);
    assertEquals("jello world", p.bPrime().apply(a.apply(s)));
    assertEquals("jello world", p.aPrime().apply(b.apply(s)));
  }

  @Test
  void tieBreakPutsAFirst() {
    String s = "ab";
    TextOperation a = op("[1, \"X\", 1]");
    TextOperation b = op("[1, \"Y\", 1]");
    TextOperation.Pair p = TextOperation.transform(a, b);
    assertEquals("aXYb", p.bPrime().apply(a.apply(s)));
    assertEquals("aXYb", p.aPrime().apply(b.apply(s)));
    TextOperation.Pair q = TextOperation.transform(b, a);
    assertEquals("aYXb", q.bPrime().apply(b.apply(s)));
  }

  @Test
  void overlappingDeletes() {
    String s = "abcdef";
    TextOperation a = op("[1, -3, 2]"); // delete bcd
    TextOperation b = op("[2, -3, 1]"); // delete cde
    TextOperation.Pair p = TextOperation.transform(a, b);
    assertEquals("af", p.bPrime().apply(a.apply(s)));
    assertEquals("af", p.aPrime().apply(b.apply(s)));
    assertEquals(op("[1, -1, 1]"), p.bPrime());
  }

  @Test
  void insertInsideConcurrentDeleteSurvives() {
    String s = "abcdef";
    TextOperation a = op("[1, -4, 1]");      // delete bcde
    TextOperation b = op("[3, \"X\", 3]");  // insert inside it
    TextOperation.Pair p = TextOperation.transform(a, b);
    assertEquals("aXf", p.bPrime().apply(a.apply(s)));
    assertEquals("aXf", p.aPrime().apply(b.apply(s)));
  }

  @Test
  void transformLengthMismatch() {
    OperationException e = assertThrows(OperationException.class, () -> TextOperation.transform(op("[2]"), op("[3]")));
    assertEquals(OperationException.BASE_LENGTH_MISMATCH, e.code());
  }

  @Test
  void transformAgainstHistory() {
    // revision r: "ab"; the server applied h1 then h2 since r; a client sends op made at r
    String atR = "ab";
    TextOperation h1 = op("[\"<\", 2]");           // "<ab"
    TextOperation h2 = op("[3, \">\"]");           // "<ab>"
    TextOperation client = op("[1, \"-\", 1]");     // "a-b"
    TextOperation rebased = Transformer.transformAgainstHistory(client, List.of(h1, h2));
    assertEquals("<a-b>", rebased.apply(h2.apply(h1.apply(atR))));
    assertEquals(client, Transformer.transformAgainstHistory(client, List.of()));
    assertEquals(OperationException.BASE_LENGTH_MISMATCH, assertThrows(OperationException.class,
        () -> Transformer.transformAgainstHistory(op("[3]"), List.of(h1))).code());
  }
}
