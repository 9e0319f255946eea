package io.switchboard.session;

import io.switchboard.ot.OtDocument;
import io.switchboard.ot.TextOperation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which edit is a copy of one the document already holds (docs/collaboration.md, "Reconnect"). */
class SessionDocumentTest {

  private static SessionDocument apply(SessionDocument doc, String text, SessionDocument.Edit edit) {
    OtDocument.Applied applied = doc.document().apply(doc.document().revision(),
      TextOperation.builder().retain(doc.document().length()).insert(text).build());
    return doc.with(applied, edit);
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
}
