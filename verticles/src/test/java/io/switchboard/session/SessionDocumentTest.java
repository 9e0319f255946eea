package io.switchboard.session;

import io.switchboard.ot.TextOperation;
import io.switchboard.support.JavaSerialization;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which edit is a copy of one the document already holds (docs/collaboration.md, "Reconnect"). */
class SessionDocumentTest {

  private static SessionDocument apply(SessionDocument doc, String text, SessionDocument.Edit edit) {
    return doc.apply(doc.document().revision(),
      TextOperation.builder().retain(doc.document().length()).insert(text).build(), edit).document();
  }

  private static SessionDocument.Edit edit(String author, String id, boolean resent) {
    return new SessionDocument.Edit(author, "c-1", id, resent);
  }

  @Test
  void aCopyIsTheSameAuthorAndIdAfterTheBaseWithEitherCopyResent() {
    SessionDocument doc = SessionDocument.empty("ep", 10, 1000);
    doc = apply(doc, "a", edit("ann", "p-1", false));  // r1
    doc = apply(doc, "b", edit("bob", "q-1", false));  // r2
    doc = apply(doc, "c", edit("ann", "p-2", true));   // r3, a resent copy arrived first
    assertEquals(1, doc.duplicateOf(0, edit("ann", "p-1", true)), "the resent copy of r1");
    assertEquals(0, doc.duplicateOf(0, edit("ann", "p-1", false)), "neither copy resent: a client that reuses ids");
    assertEquals(0, doc.duplicateOf(1, edit("ann", "p-1", true)), "r1 is not after base 1: not this edit's copy");
    assertEquals(0, doc.duplicateOf(0, edit("bob", "p-1", true)), "another author's id");
    assertEquals(3, doc.duplicateOf(2, edit("ann", "p-2", false)), "the late first copy of a resent edit");
    assertEquals(0, doc.duplicateOf(0, new SessionDocument.Edit("ann", null, null, true)), "no id, no copy");
  }

  @Test
  void theSnapshotKeepsWhichEditsWereResent() {
    SessionDocument doc = apply(SessionDocument.empty("ep", 10, 1000), "a", edit("ann", "p-1", true));
    doc = apply(doc, "b", edit("ann", "p-2", false));
    SessionDocument back = SessionDocument.fromJson(doc.toJson());
    assertEquals(1, back.duplicateOf(0, edit("ann", "p-1", false)));
    assertEquals(0, back.duplicateOf(0, edit("ann", "p-2", false)));
  }

  @Test
  void everyIdReadsBackExactlyFromTheKeptForm() throws Exception {
    String[] ids = {"0q2q186c2b1y476n-3", "é-1", "😀", "\ud800-lone", "x".repeat(128)};
    SessionDocument doc = SessionDocument.empty("ep", 10, 1000);
    for (String id : ids) {
      doc = apply(doc, "a", edit("ann", id, false));
    }
    doc = apply(doc, "b", new SessionDocument.Edit("ann", null, null, false));
    SessionDocument fromJson = SessionDocument.fromJson(doc.toJson());
    SessionDocument fromCluster = JavaSerialization.copy(doc);
    for (SessionDocument d : List.of(doc, fromJson, fromCluster)) {
      for (int r = 1; r <= ids.length; r++) {
        assertEquals(edit("ann", ids[r - 1], false), d.editFor(r), "revision " + r);
        assertEquals(r, d.duplicateOf(0, edit("ann", ids[r - 1], true)), "a resent copy of r" + r);
      }
      assertEquals(new SessionDocument.Edit("ann", null, null, false), d.editFor(ids.length + 1));
      assertEquals(0, d.duplicateOf(0, edit("ann", "\ud801-lone", true)), "another lone surrogate: another id");
      assertEquals(doc.document(), d.document());
    }
  }

  /** A connection's kept edits share one record of who made them, also after the snapshot and the cluster form. */
  @Test
  void aConnectionsEditsShareOneRecord() throws Exception {
    SessionDocument doc = SessionDocument.empty("ep", 100, 10_000);
    for (int i = 0; i < 60; i++) {
      doc = apply(doc, "x", new SessionDocument.Edit(i % 3 == 0 ? "ann" : "bob", "c-" + (i % 3), "id-" + i, false));
    }
    doc = apply(doc, "y", new SessionDocument.Edit("bob", "c-1", "id-r", true));
    assertEquals(4, records(doc), "three connections, and one resent edit");
    assertEquals(4, records(SessionDocument.fromJson(doc.toJson())));
    assertEquals(4, records(JavaSerialization.copy(doc)));
  }

  private static long records(SessionDocument doc) throws Exception {
    Field who = SessionDocument.class.getDeclaredField("who");
    who.setAccessible(true);
    Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll((List<?>) who.get(doc));
    return distinct.size();
  }
}
