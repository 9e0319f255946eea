package io.switchboard.session;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.CollabClient;
import io.switchboard.support.Rest;
import io.switchboard.support.TcpProxy;
import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edits survive a reconnect (docs/collaboration.md, "Reconnect"): on three real clustered nodes, editors reach
 * their node through a loopback relay that can swallow one direction's bytes and cut the link (no close frame), as
 * a network blink does. An editor keeps typing while its link is down, resumes on another node, sends its
 * unacknowledged edit again and takes the replay in. Every keystroke ends in the document exactly once: none lost
 * (the edit that never arrived is sent again), none doubled (the edit whose acknowledgement was lost is not
 * applied twice).
 */
@ExtendWith(VertxExtension.class)
class CollaborationReconnectTest {

  private static final long SEED = 20261206L;

  private static TestCluster cluster;
  private static Tokens tokens;
  private final List<WsClient> sockets = new ArrayList<>();
  private final List<TcpProxy> proxies = new ArrayList<>();

  @BeforeAll
  static void startCluster(Vertx vertx, VertxTestContext ctx) {
    tokens = new Tokens(vertx, TestNodes.SECRET);
    TestCluster.start(3, TestNodes::config).compose(c -> {
      cluster = c;
      return c.awaitSafe();
    }).onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void close() throws Exception {
    for (WsClient s : List.copyOf(sockets)) {
      s.close().otherwiseEmpty().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    for (TcpProxy p : List.copyOf(proxies)) {
      p.close().otherwiseEmpty().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The node applied the edit, but its acknowledgement never reached the client before the link dropped. The client
   * resends it on another node; the node does not apply it again, and the replayed copy acknowledges it.
   */
  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void anEditAppliedWhoseAcknowledgementWasLostIsNotAppliedTwice(Vertx vertx, VertxTestContext ctx) {
    onOneLoop(vertx, () -> twoEditors(vertx, "ack-lost").compose(pair -> {
      CollabClient alice = pair.alice;
      CollabClient bob = pair.bob;
      pair.link.dropDownstream(true);
      alice.insert(0, "[a1]", "[a1]");
      return until(vertx, () -> bob.text().contains("[a1]"), "bob sees [a1]")
        .compose(v -> reconnect(vertx, alice, pair.link, cluster.wsPort(2)))
        .compose(v -> until(vertx, alice::synced, "alice's resent edit is settled"))
        .compose(v -> {
          alice.insert(0, "[a2]", "[a2]");
          return CollabClient.awaitQuiet(vertx, List.of(alice, bob), cluster.httpPort(1), tokens, pair.session, 100);
        })
        .map(doc -> {
          ctx.verify(() -> {
            assertConverged(doc, List.of(alice, bob));
            assertEquals(1, alice.resends(), "the unacknowledged edit was sent again");
            assertEquals(1, alice.acksFromReplay(), "its replayed copy was its acknowledgement");
            assertEquals(2, doc.getLong("revision"), "two edits, each applied once");
          });
          return null;
        });
    })).onComplete(ctx.succeedingThenComplete());
  }

  /** The edit never reached the node (and one more was typed meanwhile): both are sent after the resume. */
  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void anEditThatNeverArrivedIsSentAgainAfterTheResume(Vertx vertx, VertxTestContext ctx) {
    onOneLoop(vertx, () -> twoEditors(vertx, "never-arrived").compose(pair -> {
      CollabClient alice = pair.alice;
      CollabClient bob = pair.bob;
      pair.link.dropUpstream(true);
      alice.insert(0, "[a1]", "[a1]");
      alice.insert(0, "[a2]", "[a2]"); // buffered behind [a1]
      bob.insert(0, "[b1]", "[b1]");   // concurrent, arrives first
      return until(vertx, bob::synced, "bob's edit is applied")
        .compose(v -> reconnect(vertx, alice, pair.link, cluster.wsPort(1)))
        .compose(v -> CollabClient.awaitQuiet(vertx, List.of(alice, bob), cluster.httpPort(2), tokens, pair.session, 100))
        .map(doc -> {
          ctx.verify(() -> {
            assertConverged(doc, List.of(alice, bob));
            assertEquals(1, alice.resends());
            assertEquals(0, alice.acksFromReplay(), "nothing of alice's had been applied");
            assertEquals(3, doc.getLong("revision"));
          });
          return null;
        });
    })).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Three editors, one per node, type 40 tokens each (and delete filler) at random moments; each editor's link is
   * cut four times at random moments, sometimes after swallowing what it sent or what it was sent for a while, and
   * it resumes on the next node while it goes on typing. Seeded and bounded.
   */
  @Test
  @Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
  void editorsDroppedMidTypingOnThreeNodesLoseNoKeystroke(Vertx vertx, VertxTestContext ctx) {
    int editors = 3;
    int edits = 40;
    int cuts = 4;
    CollabClient[] clients = new CollabClient[editors];
    TcpProxy[][] links = new TcpProxy[editors][3];
    int[] node = new int[editors];
    boolean[] online = new boolean[editors];
    int[] resumes = new int[1];
    onOneLoop(vertx, () -> session(vertx, "chaos").compose(session -> {
      List<Future<?>> ready = new ArrayList<>();
      for (int k = 0; k < editors; k++) {
        for (int n = 0; n < 3; n++) {
          int kk = k;
          int nn = n;
          ready.add(proxy(vertx, cluster.wsPort(n)).map(p -> links[kk][nn] = p));
        }
      }
      return Future.all(ready).compose(v -> {
        List<Future<CollabClient>> joins = new ArrayList<>();
        for (int k = 0; k < editors; k++) {
          int kk = k;
          node[k] = k;
          joins.add(connect(vertx, links[k][k].port(), "ed" + k)
            .compose(ws -> CollabClient.join("ed" + kk, ws, session)).map(c -> clients[kk] = c));
        }
        return Future.all(joins);
      }).compose(v -> {
        List<Future<Void>> done = new ArrayList<>();
        for (int k = 0; k < editors; k++) {
          int kk = k;
          online[k] = true;
          // When the link drops: reconnect through the next node's relay and resume.
          Runnable[] watch = new Runnable[1];
          watch[0] = () -> clients[kk].socket().closed().onComplete(closed -> {
            online[kk] = false;
            node[kk] = (node[kk] + 1) % 3;
            connect(vertx, links[kk][node[kk]].port(), "ed" + kk)
              .compose(ws -> clients[kk].resume(ws))
              .onSuccess(c -> {
                online[kk] = true;
                resumes[0]++;
                watch[0].run();
              })
              .onFailure(ctx::failNow);
          });
          watch[0].run();
          Random random = new Random(SEED + k);
          Promise<Void> typed = Promise.promise();
          type(vertx, clients[k], random, edits, 0, typed);
          Promise<Void> chaos = Promise.promise();
          cut(vertx, random, links[k], node, online, k, cuts, 0, chaos);
          done.add(typed.future());
          done.add(chaos.future());
        }
        return Future.all(done);
      }).compose(v -> until(vertx, () -> online[0] && online[1] && online[2], "every editor is back"))
        .compose(v -> CollabClient.awaitQuiet(vertx, List.of(clients), cluster.httpPort(0), tokens, session, 300))
        .map(doc -> {
          ctx.verify(() -> {
            assertConverged(doc, List.of(clients));
            assertEquals(editors * cuts, resumes[0], "every cut was followed by a resume");
            int resent = 0;
            for (CollabClient c : clients) {
              assertEquals(edits, c.typedTokens().size(), c.name + " typed every token");
              resent += c.resends();
            }
            assertTrue(resent > 0, "some edits were in flight when their link dropped: " + resent);
            System.out.printf("chaos: %d resumes, %d edits resent, %d acknowledged by their replayed copy, revision %d%n",
              resumes[0], resent, List.of(clients).stream().mapToInt(CollabClient::acksFromReplay).sum(),
              doc.getLong("revision"));
          });
          return null;
        });
    })).onComplete(ctx.succeedingThenComplete());
  }

  // ---- the editors and the network

  private record Pair(String session, CollabClient alice, CollabClient bob, TcpProxy link) {
  }

  /** Alice on node 0 through a relay, Bob on node 1 directly, both joined to a new session. */
  private Future<Pair> twoEditors(Vertx vertx, String title) {
    return session(vertx, title).compose(session -> proxy(vertx, cluster.wsPort(0)).compose(link ->
      connect(vertx, link.port(), "alice").compose(ws -> CollabClient.join("alice", ws, session)).compose(alice ->
        connect(vertx, cluster.wsPort(1), "bob").compose(ws -> CollabClient.join("bob", ws, session))
          .map(bob -> new Pair(session, alice, bob, link)))));
  }

  /** Cuts the link, waits for the client to see it, and resumes through {@code port}. */
  private Future<Void> reconnect(Vertx vertx, CollabClient c, TcpProxy link, int port) {
    WsClient old = c.socket();
    link.cut();
    return old.closed().compose(s -> connect(vertx, port, c.name)).compose(c::resume).mapEmpty();
  }

  private Future<String> session(Vertx vertx, String title) {
    return new Rest(vertx, cluster.httpPort(0)).createSession(tokens.token("owner", "user"), title)
      .map(s -> s.getString("id"));
  }

  private Future<TcpProxy> proxy(Vertx vertx, int port) {
    return TcpProxy.start(vertx, port).map(p -> {
      proxies.add(p);
      return p;
    });
  }

  private Future<WsClient> connect(Vertx vertx, int port, String user) {
    return WsClient.connect(vertx, port, tokens.token(user, "user"), Encoding.JSON).compose(ws -> {
      sockets.add(ws);
      return ws.next("ready").map(r -> ws);
    });
  }

  /** Inserts {@code edits} tokens with filler (and deletes filler now and then), online or not. */
  private static void type(Vertx vertx, CollabClient c, Random random, int edits, int n, Promise<Void> done) {
    if (n == edits) {
      done.complete();
      return;
    }
    vertx.setTimer(5 + random.nextInt(30), t -> {
      String text = c.text();
      int dot = text.indexOf('.', random.nextInt(text.length() + 1));
      if (dot >= 0 && random.nextInt(4) == 0) {
        c.deleteOne(text.codePointCount(0, dot));
      }
      List<Integer> boundaries = CollabClient.boundaries(c.text());
      String token = "[" + c.name + "-" + n + "]";
      c.insert(c.text().codePointCount(0, boundaries.get(random.nextInt(boundaries.size()))), token + "..", token);
      type(vertx, c, random, edits, n + 1, done);
    });
  }

  /**
   * Cuts editor {@code k}'s current link {@code cuts} times at random moments (waiting while it is offline); before a
   * cut, the link sometimes swallows the editor's bytes, or the node's, for a few milliseconds.
   */
  private static void cut(Vertx vertx, Random random, TcpProxy[] links, int[] node, boolean[] online, int k, int cuts,
                          int waited, Promise<Void> done) {
    if (cuts == 0) {
      done.complete();
      return;
    }
    if (waited > 300) {
      done.fail("editor " + k + " stayed offline for 30 s");
      return;
    }
    vertx.setTimer(online[k] ? 20 + random.nextInt(120) : 100, t -> {
      if (!online[k]) {
        cut(vertx, random, links, node, online, k, cuts, waited + 1, done);
        return;
      }
      TcpProxy link = links[node[k]];
      int mode = random.nextInt(3);
      link.dropUpstream(mode == 1);
      link.dropDownstream(mode == 2);
      online[k] = false; // from now on, until the resume
      vertx.setTimer(mode == 0 ? 1 : 5 + random.nextInt(30), t2 -> {
        link.cut();
        cut(vertx, random, links, node, online, k, cuts - 1, 0, done);
      });
    });
  }

  // ---- checks

  private static void assertConverged(JsonObject doc, List<CollabClient> editors) {
    String text = doc.getString("text");
    for (CollabClient c : editors) {
      assertEquals(text, c.text(), c.name + " diverged");
      assertEquals(doc.getLong("revision"), c.revision(), c.name + " revision");
      assertTrue(c.droppedTokens().isEmpty(), c.name + " dropped " + c.droppedTokens());
      assertEquals(c.typedTokens(), c.acknowledgedTokens(), c.name + ": every typed token was acknowledged");
      for (String token : c.typedTokens()) {
        assertEquals(1, CollabClient.occurrences(text, token), token + " must be in the text exactly once: " + text);
      }
    }
  }

  /** Polls {@code condition} every 20 ms, at most 15 s. */
  private static Future<Void> until(Vertx vertx, Supplier<Boolean> condition, String what) {
    Promise<Void> p = Promise.promise();
    long[] tries = {0};
    vertx.setPeriodic(20, id -> {
      if (condition.get()) {
        vertx.cancelTimer(id);
        p.tryComplete();
      } else if (++tries[0] > 750) {
        vertx.cancelTimer(id);
        p.tryFail("timed out waiting until " + what);
      }
    });
    return p.future();
  }

  /** Everything on one event loop: OtClient is single-threaded, like a browser tab. */
  private static <T> Future<T> onOneLoop(Vertx vertx, Supplier<Future<T>> run) {
    Context driver = vertx.getOrCreateContext();
    return Future.future(p -> driver.runOnContext(x -> run.get().onComplete(p)));
  }
}
