package io.switchboard.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * One authoritative server ({@link OtDocument}) and 2-4 {@link OtClient}s exchanging messages over
 * FIFO channels (one per direction per client, like a WebSocket), with a seeded random schedule of
 * local edits, deliveries to the server and deliveries to clients. Every insert carries a unique
 * "token" code point and deletes never target tokens, so every acknowledged insert must survive:
 * at the end each token appears exactly once, in the server text and in every client's text.
 */
class OtSimulationPropertiesTest {

  private static final int TOKEN_BASE = 0x10000; // Linear B: not in OtGen.ALPHABET
  private static final String[] FILLER = OtGen.ALPHABET.toArray(new String[0]);

  @Property(tries = 300)
  void clientsConvergeWithTheServer(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int clientCount,
      @ForAll @IntRange(min = 1, max = 120) int steps) {
    Simulation sim = new Simulation(seed, clientCount);
    sim.run(steps);
    Statistics.label("rebased on the server").collect(sim.rebased > 0);
    Statistics.label("client buffered edits").collect(sim.buffered);
    // the schedules must actually exercise concurrency, or the property proves little
    Statistics.label("rebased on the server").coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("client buffered edits").coverage(c -> c.check(true).percentage(p -> p > 30));
  }

  /** Message from the server to one client: an ack of its own operation, or someone else's operation. */
  private record Delivery(boolean ack, TextOperation op) {
  }

  private static final class Simulation {
    final Random rnd;
    final int n;
    OtDocument server;
    final OtClient[] clients;
    final List<ArrayDeque<OtClient.Outgoing>> toServer = new ArrayList<>();
    final List<ArrayDeque<Delivery>> toClient = new ArrayList<>();
    final int[] sent;
    final int[] acked;
    int tokens;
    int rebased;
    boolean buffered;

    Simulation(long seed, int n) {
      this.rnd = new Random(seed);
      this.n = n;
      String initial = filler(rnd.nextInt(10));
      server = OtDocument.create(initial, 100_000, 1 << 20);
      clients = new OtClient[n];
      sent = new int[n];
      acked = new int[n];
      for (int i = 0; i < n; i++) {
        clients[i] = new OtClient(initial, 0);
        toServer.add(new ArrayDeque<>());
        toClient.add(new ArrayDeque<>());
      }
    }

    void run(int steps) {
      for (int s = 0; s < steps; s++) {
        int i = rnd.nextInt(n);
        switch (rnd.nextInt(3)) {
          case 0 -> localEdit(i);
          case 1 -> deliverToServer(i);
          default -> deliverToClient(i);
        }
      }
      // drain: deliver everything still in flight (acks may release buffered operations)
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int i = 0; i < n; i++) {
          progress |= deliverToServer(i);
          progress |= deliverToClient(i);
        }
      }
      check();
    }

    void localEdit(int i) {
      OtClient c = clients[i];
      c.applyClient(randomEdit(c.text())).ifPresent(out -> {
        toServer.get(i).add(out);
        sent[i]++;
      });
      buffered |= c.state() == OtClient.State.AWAITING_WITH_BUFFER;
    }

    boolean deliverToServer(int i) {
      OtClient.Outgoing out = toServer.get(i).poll();
      if (out == null) {
        return false;
      }
      if (out.baseRevision() < server.revision()) {
        rebased++;
      }
      OtDocument.Applied applied = server.apply(out.baseRevision(), out.operation());
      server = applied.document();
      for (int j = 0; j < n; j++) {
        toClient.get(j).add(j == i ? new Delivery(true, null) : new Delivery(false, applied.operation()));
      }
      return true;
    }

    boolean deliverToClient(int i) {
      Delivery d = toClient.get(i).poll();
      if (d == null) {
        return false;
      }
      if (d.ack()) {
        acked[i]++;
        clients[i].serverAck().ifPresent(out -> {
          toServer.get(i).add(out);
          sent[i]++;
        });
      } else {
        clients[i].applyServer(d.op());
      }
      return true;
    }

    /** A random operation with 1-3 edits: inserts of a fresh token (+ filler), deletes of filler only. */
    TextOperation randomEdit(String text) {
      int[] cps = text.codePoints().toArray();
      TextOperation.Builder b = TextOperation.builder();
      int edits = 1 + rnd.nextInt(3);
      int pos = 0;
      boolean changed = false;
      while (pos < cps.length) {
        int choice = rnd.nextInt(10);
        if (edits > 0 && choice < 2) {
          b.insert(token() + filler(rnd.nextInt(3)));
          edits--;
          changed = true;
        } else if (edits > 0 && choice < 4) {
          int max = 1 + rnd.nextInt(4);
          int count = 0;
          while (count < max && pos + count < cps.length && !isToken(cps[pos + count])) {
            count++;
          }
          if (count > 0) {
            b.delete(count);
            pos += count;
            edits--;
            changed = true;
          }
        } else {
          int count = 1 + rnd.nextInt(Math.min(5, cps.length - pos));
          b.retain(count);
          pos += count;
        }
      }
      if (!changed) {
        b.insert(token());
      }
      return b.build();
    }

    String token() {
      return new String(Character.toChars(TOKEN_BASE + tokens++));
    }

    static boolean isToken(int cp) {
      return cp >= TOKEN_BASE && cp < TOKEN_BASE + 0x1000;
    }

    String filler(int count) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < count; k++) {
        sb.append(FILLER[rnd.nextInt(FILLER.length)]);
      }
      return sb.toString();
    }

    void check() {
      String text = server.text();
      int totalSent = 0;
      for (int i = 0; i < n; i++) {
        OtClient c = clients[i];
        assertEquals(text, c.text(), "client " + i + " text");
        assertEquals(server.revision(), c.revision(), "client " + i + " revision");
        assertEquals(OtClient.State.SYNCHRONIZED, c.state(), "client " + i + " state");
        assertEquals(sent[i], acked[i], "client " + i + ": every sent operation was acknowledged");
        totalSent += sent[i];
      }
      assertEquals(totalSent, server.revision(), "one revision per acknowledged operation");
      int[] seen = new int[tokens];
      text.codePoints().filter(Simulation::isToken).forEach(cp -> seen[cp - TOKEN_BASE]++);
      for (int t = 0; t < tokens; t++) {
        assertEquals(1, seen[t], "inserted token " + t + " appears exactly once");
      }
      assertTrue(CodePoints.isWellFormed(text));
    }
  }
}
