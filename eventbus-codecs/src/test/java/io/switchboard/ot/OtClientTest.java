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
    assertEquals(new OtClient.Outgoing(0, op("[2, \"c\"]")), out.orElseThrow());
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
    assertEquals(new OtClient.Outgoing(4, op("[1, \"bc\"]")), next);
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
}
