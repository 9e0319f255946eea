package io.switchboard.load.client;

import io.switchboard.ot.OtDocument;
import io.switchboard.ot.TextOperation;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollabEditorTest {

  @Test
  void boundariesAreTheStartAndAfterEachToken() {
    assertEquals(List.of(0), CollabEditor.boundaries(""));
    assertEquals(List.of(0, 5, 11), CollabEditor.boundaries("<0.0><1.12>"));
  }

  @Test
  void tokenCheck() {
    assertEquals(List.of(), CollabEditor.checkTokens("<0.0><1.0><0.1>", List.of("<0.0>", "<0.1>", "<1.0>")));
    assertEquals(List.of("acknowledged token <0.1> appears 0 times"),
        CollabEditor.checkTokens("<0.0>", List.of("<0.0>", "<0.1>")));
    assertEquals(List.of("acknowledged token <0.0> appears 2 times"),
        CollabEditor.checkTokens("<0.0><0.0>", List.of("<0.0>")));
    assertEquals(List.of("token <2.0> in the text was never acknowledged"),
        CollabEditor.checkTokens("<2.0>", List.of()));
    assertEquals(List.of("text that is no token at 0: '<0.'", "text that is no token at 8: 'x'"),
        CollabEditor.checkTokens("<0.<1.0>x", List.of("<1.0>")));
  }

  @Test
  void firstEditGoesOutAtOnceLaterOnesWaitForTheAck() {
    CollabEditor e = new CollabEditor(3, "s", 1);
    e.joined("", 0);
    JsonObject first = e.type(10);
    assertEquals("{\"type\":\"edit\",\"id\":\"e3-0\",\"session\":\"s\",\"revision\":0,\"op\":[\"<3.0>\"]}", first.encode());
    assertNull(e.type(20), "one edit in flight: the next token is buffered");
    assertNull(e.type(30));
    CollabEditor.Ack ack = e.ack("e3-0", 1, 40);
    assertEquals(List.of(new CollabEditor.Token("<3.0>", 10)), ack.tokens());
    assertEquals(10, ack.sentNanos());
    assertEquals("e3-1", ack.next().getString("id"));
    assertEquals(1, ack.next().getLong("revision"));
    CollabEditor.Ack second = e.ack("e3-1", 2, 50);
    assertEquals(2, second.tokens().size(), "the buffer carried both tokens in one edit");
    assertNull(second.next());
    assertTrue(e.synchronized_());
    assertEquals(List.of("<3.0>", "<3.1>", "<3.2>"), e.acknowledged());
    assertThrows(IllegalStateException.class, () -> e.ack("e3-9", 3, 60));
  }

  @Test
  void remoteEditsMustComeInRevisionOrder() {
    CollabEditor e = new CollabEditor(0, "s", 1);
    e.joined("", 0);
    e.remote(new io.vertx.core.json.JsonArray().add("<1.0>"), 1);
    assertEquals("<1.0>", e.text());
    assertThrows(IllegalStateException.class, () -> e.remote(new io.vertx.core.json.JsonArray().add(5).add("<1.1>"), 3));
  }

  /** An OtDocument server and editors with FIFO channels both ways. */
  private static final class Sim {
    OtDocument server = OtDocument.create("");
    final List<CollabEditor> editors = new ArrayList<>();
    final List<ArrayDeque<JsonObject>> toServer = new ArrayList<>();
    final List<ArrayDeque<JsonObject>> toClient = new ArrayList<>();
    long clock;

    Sim(int n, long seed) {
      for (int i = 0; i < n; i++) {
        CollabEditor e = new CollabEditor(i, "s", seed);
        e.joined("", 0);
        editors.add(e);
        toServer.add(new ArrayDeque<>());
        toClient.add(new ArrayDeque<>());
      }
    }

    void type(int i) {
      JsonObject edit = editors.get(i).type(clock++);
      if (edit != null) {
        toServer.get(i).add(edit);
      }
    }

    void serverReceives(int i) {
      JsonObject edit = toServer.get(i).poll();
      OtDocument.Applied a = server.apply(edit.getLong("revision"), TextOperation.fromJson(edit.getJsonArray("op")));
      server = a.document();
      for (int j = 0; j < editors.size(); j++) {
        toClient.get(j).add(j == i
            ? new JsonObject().put("type", "edit_ack").put("id", edit.getString("id")).put("revision", a.revision())
            : new JsonObject().put("type", "remote_edit").put("op", a.operation().toJson()).put("revision", a.revision()));
      }
    }

    void clientReceives(int i) {
      JsonObject m = toClient.get(i).poll();
      if ("edit_ack".equals(m.getString("type"))) {
        JsonObject next = editors.get(i).ack(m.getString("id"), m.getLong("revision"), clock++).next();
        if (next != null) {
          toServer.get(i).add(next);
        }
      } else {
        editors.get(i).remote(m.getJsonArray("op"), m.getLong("revision"));
      }
    }

    boolean drained() {
      return toServer.stream().allMatch(ArrayDeque::isEmpty) && toClient.stream().allMatch(ArrayDeque::isEmpty);
    }
  }

  /** Three editors and an OtDocument server, seeded random schedules, then drained: all converge. */
  @Test
  void editorsConvergeThroughAServer() {
    for (long seed = 1; seed <= 30; seed++) {
      Random r = new Random(seed);
      Sim sim = new Sim(3, seed);
      for (int step = 0; step < 300; step++) {
        int i = r.nextInt(3);
        switch (r.nextInt(3)) {
          case 0 -> sim.type(i);
          case 1 -> {
            if (!sim.toServer.get(i).isEmpty()) {
              sim.serverReceives(i);
            }
          }
          default -> {
            if (!sim.toClient.get(i).isEmpty()) {
              sim.clientReceives(i);
            }
          }
        }
      }
      while (!sim.drained()) {
        for (int i = 0; i < 3; i++) {
          if (!sim.toServer.get(i).isEmpty()) {
            sim.serverReceives(i);
          }
          if (!sim.toClient.get(i).isEmpty()) {
            sim.clientReceives(i);
          }
        }
      }
      List<String> acked = new ArrayList<>();
      for (CollabEditor e : sim.editors) {
        assertTrue(e.synchronized_(), "seed " + seed);
        assertEquals(sim.server.text(), e.text(), "seed " + seed);
        assertEquals(sim.server.revision(), e.revision(), "seed " + seed);
        acked.addAll(e.acknowledged());
      }
      assertTrue(acked.size() > 50, "seed " + seed + ": " + acked.size() + " tokens");
      assertEquals(List.of(), CollabEditor.checkTokens(sim.server.text(), acked), "seed " + seed);
    }
  }
}
