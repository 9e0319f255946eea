package io.switchboard.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

/** Server state: revision assignment, rebasing, history window and resync, limits, persistence forms. */
class OtDocumentTest {

  static TextOperation op(String json) {
    return TextOperation.fromJson(new JsonArray(json));
  }

  @Test
  void revisionsAndRebasing() {
    OtDocument d0 = OtDocument.create("ab");
    assertEquals(0, d0.revision());
    OtDocument.Applied a1 = d0.apply(0, op("[\"<\", 2]"));
    assertEquals(1, a1.revision());
    assertEquals("<ab", a1.document().text());
    // concurrent op also made at revision 0
    OtDocument.Applied a2 = a1.document().apply(0, op("[2, \">\"]"));
    assertEquals(2, a2.revision());
    assertEquals("<ab>", a2.document().text());
    assertEquals(op("[3, \">\"]"), a2.operation()); // what gets broadcast
    assertEquals(2, a2.document().history().size());
    assertEquals(0, a2.document().historyStart());
    assertEquals("ab", d0.text()); // immutable
  }

  @Test
  void sameRevisionTieKeepsTheEarlierInsertFirst() {
    OtDocument d = OtDocument.create("");
    d = d.apply(0, op("[\"first\"]")).document();
    d = d.apply(0, op("[\"second\"]")).document();
    assertEquals("firstsecond", d.text());
  }

  @Test
  void historyWindowAndResync() {
    OtDocument d = OtDocument.create("", 2, 1000);
    for (int i = 0; i < 5; i++) {
      d = d.apply(d.revision(), TextOperation.insert(d.length(), d.length(), "x")).document();
    }
    assertEquals(5, d.revision());
    assertEquals(2, d.history().size());
    assertEquals(3, d.historyStart());
    // made at revision 3 ("xxx"), appending: the two later appends were applied first, so stay first
    assertEquals("xxxxxy", d.apply(3, op("[3, \"y\"]")).document().text());
    OtDocument fin = d;
    OperationException e = assertThrows(OperationException.class, () -> fin.apply(2, op("[2, \"y\"]")));
    assertEquals(OperationException.RESYNC, e.code());
  }

  @Test
  void zeroHistoryOnlyAcceptsTheCurrentRevision() {
    OtDocument d = OtDocument.create("a", 0, 1000).apply(0, op("[1, \"b\"]")).document();
    assertEquals(0, d.history().size());
    assertEquals("abc", d.apply(1, op("[2, \"c\"]")).document().text());
    assertEquals(OperationException.RESYNC, assertThrows(OperationException.class, () -> d.apply(0, op("[1]"))).code());
  }

  @Test
  void invalidRevisions() {
    OtDocument d = OtDocument.create("a");
    assertEquals(OperationException.INVALID_REVISION, assertThrows(OperationException.class, () -> d.apply(1, op("[1]"))).code());
    assertEquals(OperationException.INVALID_REVISION, assertThrows(OperationException.class, () -> d.apply(-1, op("[1]"))).code());
  }

  @Test
  void opNotMatchingItsBaseRevisionIsRefused() {
    OtDocument d = OtDocument.create("abc").apply(0, op("[3, \"d\"]")).document();
    assertEquals(OperationException.BASE_LENGTH_MISMATCH,
        assertThrows(OperationException.class, () -> d.apply(0, op("[4, \"x\"]"))).code());
    assertEquals(OperationException.BASE_LENGTH_MISMATCH,
        assertThrows(OperationException.class, () -> d.apply(1, op("[3, \"x\"]"))).code());
    assertEquals(1, d.revision());
  }

  @Test
  void documentSizeLimit() {
    OtDocument d = OtDocument.create("ab", 10, 3);
    assertEquals("abc", d.apply(0, op("[2, \"c\"]")).document().text());
    assertEquals(OperationException.TOO_LARGE,
        assertThrows(OperationException.class, () -> d.apply(0, op("[2, \"😀😀\"]"))).code());
  }

  @Test
  void jsonAndJavaSerializationRoundTrips() throws Exception {
    OtDocument d = OtDocument.create("héllo", 3, 100);
    for (String s : new String[] {"[5, \" 😀\"]", "[\"» \", 7]", "[-2, 7]", "[7, \"!\"]"}) {
      d = d.apply(d.revision(), op(s)).document();
    }
    assertEquals(OtDocument.fromJson(d.toJson()), d);
    assertEquals(OtDocument.fromJson(new io.vertx.core.json.JsonObject(d.toJson().encode())), d);
    OtDocument back = JavaSerialization.copy(d);
    assertEquals(d, back);
    // a restored document keeps working
    assertEquals(d.apply(2, op("[9, \"?\"]")).document(), back.apply(2, op("[9, \"?\"]")).document());
  }

  @Test
  void restoreFromSnapshot() {
    OtDocument d = OtDocument.restore("snap", 42, 10, 100);
    assertEquals(42, d.historyStart());
    assertEquals("snap!", d.apply(42, op("[4, \"!\"]")).document().text());
    assertEquals(OperationException.RESYNC, assertThrows(OperationException.class, () -> d.apply(41, op("[4]"))).code());
  }
}
