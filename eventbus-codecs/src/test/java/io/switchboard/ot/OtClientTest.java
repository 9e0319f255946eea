package io.switchboard.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.ot.OtClient.State;
import io.vertx.core.json.JsonArray;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** State transitions of the reference client, against a real OtDocument. */
class OtClientTest {

  static TextOperation op(String json) {
    return TextOperation.fromJson(new JsonArray(json));
  }

  @Test
  void synchronizedSendsAtOnceAndAckReturnsToSynchronized() {
    OtClient c = new OtClient("ab", 0);
    Optional<OtClient.Outgoing> out = c.applyClient(op("[2, \"c\"]"));
    assertEquals(State.AWAITING_CONFIRM, c.state());
    assertEquals(0, out.orElseThrow().baseRevision());
    assertEquals(op("[2, \"c\"]"), out.orElseThrow().operation());
    assertEquals("abc", c.text());
    assertTrue(c.serverAck().isEmpty());
    assertEquals(State.SYNCHRONIZED, c.state());
    assertEquals(1, c.revision());
    assertThrows(IllegalStateException.class, c::serverAck);
  }

  @Test
  void bufferComposesAndIsSentOnAck() {
    OtClient c = new OtClient("", 3);
    c.applyClient(op("[\"a\"]"));
    assertTrue(c.applyClient(op("[1, \"b\"]")).isEmpty());
    assertEquals(State.AWAITING_WITH_BUFFER, c.state());
    assertTrue(c.applyClient(op("[2, \"c\"]")).isEmpty());
    assertEquals(op("[1, \"bc\"]"), c.buffer());
    OtClient.Outgoing next = c.serverAck().orElseThrow();
    assertEquals(4, next.baseRevision());
    assertEquals(op("[1, \"bc\"]"), next.operation());
    assertEquals(State.AWAITING_CONFIRM, c.state());
    assertNull(c.buffer());
    c.serverAck();
    assertEquals(5, c.revision());
    assertEquals("abc", c.text());
  }

  @Test
  void serverOpIsTransformedAgainstOutstandingAndBuffer() {
    OtDocument server = OtDocument.create("ab");
    OtClient alice = new OtClient("ab", 0);
    OtClient bob = new OtClient("ab", 0);
    OtClient.Outgoing aOut = alice.applyClient(op("[1, \"A\", 1]")).orElseThrow(); // "aAb"
    alice.applyClient(op("[3, \"!\"]"));                                             // "aAb!" buffered
    OtClient.Outgoing bOut = bob.applyClient(op("[1, \"B\", 1]")).orElseThrow();    // "aBb"
    // the server receives Bob first
    OtDocument.Applied rb = server.apply(bOut.baseRevision(), bOut.operation());
    bob.serverAck();
    TextOperation appliedAtAlice = alice.applyServer(rb.operation());
    assertEquals(State.AWAITING_WITH_BUFFER, alice.state());
    assertEquals(1, alice.revision());
    // Bob's insert was applied first on the server, so it stays first at Alice too
    assertEquals("aBAb!", alice.text());
    assertEquals(op("[1, \"B\", 3]"), appliedAtAlice);
    // then Alice's outstanding reaches the server, made at revision 0
    OtDocument.Applied ra = rb.document().apply(aOut.baseRevision(), aOut.operation());
    assertEquals("aBAb", ra.document().text());
    bob.applyServer(ra.operation());
    OtClient.Outgoing aBuf = alice.serverAck().orElseThrow();
    assertEquals(2, aBuf.baseRevision());
    OtDocument.Applied rc = ra.document().apply(aBuf.baseRevision(), aBuf.operation());
    bob.applyServer(rc.operation());
    alice.serverAck();
    assertEquals("aBAb!", rc.document().text());
    assertEquals(rc.document().text(), alice.text());
    assertEquals(rc.document().text(), bob.text());
    assertEquals(3, alice.revision());
    assertEquals(3, bob.revision());
  }

  @Test
  void resyncDropsPendingAndReportsIt() {
    OtClient c = new OtClient("x", 0);
    c.applyClient(op("[1, \"y\"]"));
    c.applyClient(op("[2, \"z\"]"));
    assertEquals(Optional.of(op("[1, \"yz\"]")), c.resync("server text", 9));
    assertEquals(State.SYNCHRONIZED, c.state());
    assertEquals("server text", c.text());
    assertEquals(9, c.revision());
    assertTrue(c.resync("again", 10).isEmpty());
  }

  @Test
  void everyEditSentHasItsOwnIdAndAStaleAckIsIgnored() {
    OtClient c = new OtClient("", 0);
    OtClient.Outgoing first = c.applyClient(op("[\"a\"]")).orElseThrow();
    c.applyClient(op("[1, \"b\"]"));
    assertTrue(c.serverAck("not-" + first.editId()).isEmpty());
    assertEquals(State.AWAITING_WITH_BUFFER, c.state(), "an ack for another id acknowledges nothing");
    OtClient.Outgoing second = c.serverAck(first.editId()).orElseThrow();
    assertTrue(!second.editId().equals(first.editId()) && !second.resent());
    assertTrue(c.serverAck(first.editId()).isEmpty(), "a second ack of the same edit is ignored");
    assertEquals(State.AWAITING_CONFIRM, c.state());
    assertTrue(new OtClient("", 0).applyClient(op("[\"a\"]")).orElseThrow().editId().equals(first.editId()) == false,
        "two clients never share an id");
  }

  /**
   * The connection dropped with an edit in flight and one buffered. After the resumed join the client resends the
   * outstanding edit (same id, resent, against its revision); the replay holds another's edit and then its own, which
   * acknowledges it, so the buffer goes next. Both clients end where the server is.
   */
  @Test
  void aResumedJoinResendsTheOutstandingEditAndTakesItsReplayedCopyAsTheAck() {
    OtDocument server = OtDocument.create("ab");
    OtClient alice = new OtClient("ab", 0);
    OtClient bob = new OtClient("ab", 0);
    OtClient.Outgoing a1 = alice.applyClient(op("[1, \"A\", 1]")).orElseThrow();   // "aAb", in flight
    alice.applyClient(op("[3, \"!\"]"));                                             // "aAb!", buffered
    OtClient.Outgoing b1 = bob.applyClient(op("[\"B\", 2]")).orElseThrow();
    OtDocument.Applied rb = server.apply(b1.baseRevision(), b1.operation());          // r1: Bob's
    bob.serverAck();
    OtDocument.Applied ra = rb.document().apply(a1.baseRevision(), a1.operation());  // r2: Alice's, ack lost
    server = ra.document();

    OtClient.Outgoing again = alice.resend().orElseThrow();
    assertEquals(a1.editId(), again.editId());
    assertTrue(again.resent());
    assertEquals(0, again.baseRevision(), "Alice holds revision 0 still");
    // the replay: Bob's edit (another's), then her own (the ack), as the server applied them
    assertTrue(alice.applyServer(false, b1.editId(), rb.operation()).isEmpty());
    OtClient.Outgoing buffered = alice.applyServer(true, a1.editId(), ra.operation()).orElseThrow();
    assertEquals(2, buffered.baseRevision());
    assertEquals(State.AWAITING_CONFIRM, alice.state());
    server = server.apply(buffered.baseRevision(), buffered.operation()).document();
    alice.serverAck(buffered.editId());
    bob.applyServer(ra.operation());
    bob.applyServer(server.history().get(server.history().size() - 1));
    assertEquals(server.text(), alice.text());
    assertEquals(server.text(), bob.text());
    assertEquals("BaAb!", server.text());
  }

  @Test
  void anotherUsersEditWithTheSameIdIsNotAnAck() {
    OtClient c = new OtClient("x", 0);
    OtClient.Outgoing out = c.applyClient(op("[1, \"y\"]")).orElseThrow();
    c.applyServer(false, out.editId(), op("[\"z\", 1]"));
    assertEquals(State.AWAITING_CONFIRM, c.state(), "not mine: applied, not taken as the ack");
    assertEquals("zxy", c.text());
    assertEquals(out.editId(), c.resend().orElseThrow().editId());
    assertEquals(1, c.resend().orElseThrow().baseRevision());
  }
}
