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

  /** Sends {@code out} to the server and returns what every other client receives (the op as applied). */
  private static TextOperation submit(OtDocument[] server, OtClient.Outgoing out) {
    OtDocument.Applied a = server[0].apply(out.baseRevision(), out.operation());
    server[0] = a.document();
    return a.operation();
  }

  @Test
  void undoRevertsOnlyTheOwnLastEditAfterTheOthersLaterEditsAndRedoBringsItBack() {
    OtDocument[] server = {OtDocument.create("abc")};
    OtClient alice = new OtClient("abc", 0);
    OtClient bob = new OtClient("abc", 0);
    TextOperation x = submit(server, alice.applyClient(op("[1, \"X\", 2]")).orElseThrow()); // aXbc
    alice.serverAck();
    bob.applyServer(x);
    TextOperation y = submit(server, bob.applyClient(op("[\"Y\", 4]")).orElseThrow());     // YaXbc
    bob.serverAck();
    TextOperation z = submit(server, bob.applyClient(op("[3, \"Z\", 2]")).orElseThrow());  // YaXZbc
    bob.serverAck();
    alice.applyServer(y);
    alice.applyServer(z);
    assertTrue(alice.canUndo());
    OtClient.Step undo = alice.undo().orElseThrow();
    assertEquals("YaZbc", alice.text(), "only alice's X is gone; bob's Y and Z stay");
    assertEquals(op("[2, -1, 3]"), undo.applied());
    bob.applyServer(submit(server, undo.send().orElseThrow()));
    alice.serverAck();
    assertEquals("YaZbc", bob.text());
    assertEquals("YaZbc", server[0].text());
    OtClient.Step redo = alice.redo().orElseThrow();
    bob.applyServer(submit(server, redo.send().orElseThrow()));
    alice.serverAck();
    assertEquals("YaXZbc", alice.text());
    assertEquals("YaXZbc", bob.text());
    assertTrue(alice.canUndo() && !alice.canRedo(), "the redo is undoable again");
  }

  @Test
  void mergedEditsUndoTogetherAndANewEditClearsRedo() {
    OtClient c = new OtClient("", 0);
    c.applyClient(op("[\"h\"]"));
    c.serverAck();
    c.applyClient(op("[1, \"i\"]"), true);
    c.serverAck();
    c.applyClient(op("[2, \"!\"]"));
    c.serverAck();
    c.undo().orElseThrow();
    c.serverAck();
    assertEquals("hi", c.text());
    c.undo().orElseThrow();
    c.serverAck();
    assertEquals("", c.text(), "the merged 'h' and 'i' go in one undo");
    assertTrue(c.canRedo());
    c.applyClient(op("[\"new\"]"));
    assertTrue(!c.canRedo(), "a new edit clears redo");
  }

  @Test
  void anEditTheOthersDeletedLeavesNothingToUndo() {
    OtClient alice = new OtClient("ab", 0);
    alice.applyClient(op("[1, \"X\", 1]"));
    alice.serverAck();
    alice.applyServer(op("[-3]")); // bob deleted everything, X included
    assertEquals("", alice.text());
    assertTrue(!alice.canUndo(), "the inverse of inserting X became a no-op and was dropped");
  }

  /**
   * Seeded runs: two clients insert unique tokens concurrently through a server (random delivery order); then alice
   * undoes her last edit. Everyone converges without her last token, with every other token present once.
   */
  @Test
  void undoAmongConcurrentEditsConverges() {
    java.util.Random random = new java.util.Random(20261206L);
    for (int run = 0; run < 200; run++) {
      OtDocument[] server = {OtDocument.create("")};
      OtClient[] c = {new OtClient("", 0), new OtClient("", 0)};
      java.util.List<java.util.ArrayDeque<Object>> down = java.util.List.of(new java.util.ArrayDeque<>(), new java.util.ArrayDeque<>());
      java.util.List<java.util.ArrayDeque<OtClient.Outgoing>> up = java.util.List.of(new java.util.ArrayDeque<>(), new java.util.ArrayDeque<>());
      String[] last = {null};
      int[] made = {0, 0};
      java.util.function.IntPredicate deliver = i -> {
        if (!up.get(i).isEmpty() && random.nextBoolean()) {
          TextOperation applied = submit(server, up.get(i).poll());
          down.get(i).add("ack");
          down.get(1 - i).add(applied);
          return true;
        }
        if (!down.get(i).isEmpty()) {
          Object m = down.get(i).poll();
          if (m instanceof TextOperation t) {
            c[i].applyServer(t);
          } else {
            c[i].serverAck().ifPresent(up.get(i)::add);
          }
          return true;
        }
        return false;
      };
      for (int step = 0; step < 30; step++) {
        int i = random.nextInt(2);
        if (random.nextInt(3) == 0 && made[i] < 8) {
          String token = "<" + i + "." + made[i]++ + ">";
          int len = c[i].text().codePointCount(0, c[i].text().length());
          java.util.List<Integer> cuts = new java.util.ArrayList<>();
          for (int k = 0; k <= c[i].text().length(); k++) {
            if (k == 0 || c[i].text().charAt(k - 1) == '>') {
              cuts.add(k);
            }
          }
          int at = cuts.get(random.nextInt(cuts.size()));
          c[i].applyClient(TextOperation.insert(len, at, token)).ifPresent(up.get(i)::add);
          if (i == 0) {
            last[0] = token;
          }
        } else {
          deliver.test(i);
        }
      }
      if (last[0] == null) {
        continue;
      }
      c[0].undo().orElseThrow().send().ifPresent(up.get(0)::add);
      for (int guard = 0; guard < 10_000 && (!up.get(0).isEmpty() || !up.get(1).isEmpty() || !down.get(0).isEmpty()
          || !down.get(1).isEmpty()); guard++) {
        deliver.test(random.nextInt(2));
      }
      String text = server[0].text();
      assertEquals(text, c[0].text(), "run " + run);
      assertEquals(text, c[1].text(), "run " + run);
      assertTrue(!text.contains(last[0]), "run " + run + ": alice's last token undone: " + text);
      for (int i = 0; i < 2; i++) {
        for (int n = 0; n < made[i]; n++) {
          String token = "<" + i + "." + n + ">";
          if (!token.equals(last[0])) {
            assertEquals(1, text.split(java.util.regex.Pattern.quote(token), -1).length - 1, "run " + run + ": " + token);
          }
        }
      }
    }
  }
}
