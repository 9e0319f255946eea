package io.switchboard.session;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The collaboration messages of docs/protocol/websocket.md over real sockets, on one node. */
@ExtendWith(VertxExtension.class)
class CollaborationWsTest {

  private static int wsPort;
  private static Rest rest;
  private static Tokens tokens;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort())
      .put("sessions.document.max-op-components", 20).put("sessions.document.max-insert-code-points", 100);
    wsPort = config.getInteger("ws.port");
    rest = new Rest(vertx, config.getInteger("http.port"));
    tokens = new Tokens(vertx, TestNodes.SECRET);
    TestNodes.deploy(vertx, config).onComplete(ctx.succeedingThenComplete());
  }

  private static Future<WsClient> client(Vertx vertx, String user, String role, Encoding encoding) {
    return WsClient.connect(vertx, wsPort, tokens.token(user, role), encoding).compose(c -> c.next("ready").map(r -> c));
  }

  private static JsonObject join(String id, String session) {
    return new JsonObject().put("type", "join").put("id", id).put("session", session);
  }

  private static JsonObject edit(String id, String session, long revision, JsonArray op) {
    return new JsonObject().put("type", "edit").put("id", id).put("session", session).put("revision", revision).put("op", op);
  }

  @Test
  void joinEditAckRemoteEditPresenceAndLeave(Vertx vertx, VertxTestContext ctx) {
    String alice = tokens.token("alice", "user");
    rest.createSession(alice, "pair").compose(s -> {
      String id = s.getString("id");
      return client(vertx, "alice", "user", Encoding.JSON).compose(a -> client(vertx, "bob", "user", Encoding.MSGPACK).compose(b ->
        a.send(join("ja", id)).compose(v -> a.next("joined"))
          .compose(joinedA -> {
            ctx.verify(() -> {
              assertEquals("", joinedA.getString("text"));
              assertEquals(0L, joinedA.getLong("revision"));
              assertEquals(List.of("alice"), joinedA.getJsonArray("participants").stream()
                .map(p -> ((JsonObject) p).getString("user")).toList());
            });
            return b.send(join("jb", id)).compose(v -> b.next("joined"));
          })
          .compose(joinedB -> {
            ctx.verify(() -> assertEquals(2, joinedB.getJsonArray("participants").size()));
            return a.next("participant_joined");
          })
          .compose(pj -> {
            ctx.verify(() -> assertEquals("bob", pj.getString("user")));
            return a.send(edit("e1", id, 0, new JsonArray().add("hello")));
          })
          .compose(v -> a.next("edit_ack"))
          .compose(ack -> {
            ctx.verify(() -> {
              assertEquals("e1", ack.getString("id"));
              assertEquals(1L, ack.getLong("revision"));
            });
            return b.next("remote_edit");
          })
          .compose(remote -> {
            ctx.verify(() -> {
              assertEquals(1L, remote.getLong("revision"));
              assertEquals("alice", remote.getString("author"));
              assertEquals(new JsonArray().add("hello"), remote.getJsonArray("op"));
            });
            return b.send(new JsonObject().put("type", "presence").put("session", id).put("cursor", 3)
              .put("selection", new JsonObject().put("start", 1).put("end", 3)));
          })
          .compose(v -> a.next("presence"))
          .compose(p -> {
            ctx.verify(() -> {
              assertEquals("bob", p.getString("user"));
              assertEquals(3, p.getInteger("cursor"));
              assertEquals(new JsonObject().put("start", 1).put("end", 3), p.getJsonObject("selection"));
            });
            // An edit made over REST reaches WebSocket participants too.
            return rest.post("/api/sessions/" + id + "/edits", alice, new JsonObject().put("revision", 1)
              .put("op", new JsonArray().add(5).add(" world")));
          })
          .compose(r -> Future.all(a.next("remote_edit"), b.next("remote_edit")))
          .compose(both -> {
            ctx.verify(() -> {
              assertEquals(2L, ((JsonObject) both.resultAt(0)).getLong("revision"));
              assertEquals(2L, ((JsonObject) both.resultAt(1)).getLong("revision"));
            });
            return b.send(new JsonObject().put("type", "leave").put("id", "lb").put("session", id));
          })
          .compose(v -> b.next("left"))
          .compose(v -> a.next("participant_left"))
          .compose(pl -> {
            ctx.verify(() -> assertEquals("bob", pl.getString("user")));
            return rest.get("/api/sessions/" + id + "/document", alice);
          })
          .map(doc -> {
            ctx.verify(() -> assertEquals("hello world", doc.bodyAsJsonObject().getString("text")));
            return null;
          })
          .compose(v -> a.close()).compose(v -> b.close())));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void badEditsGetPreciseErrorsAndChangeNothing(Vertx vertx, VertxTestContext ctx) {
    String owner = tokens.token("carl", "user");
    rest.createSession(owner, "guarded").compose(s -> {
      String id = s.getString("id");
      return client(vertx, "carl", "user", Encoding.JSON).compose(c ->
        c.send(edit("early", id, 0, new JsonArray().add("x"))).compose(v -> c.next("error"))
          .compose(e -> {
            ctx.verify(() -> {
              assertEquals("not_found", e.getString("code"));
              assertEquals("early", e.getString("ref"));
            });
            return c.send(join("j", "no-such-session")).compose(v -> c.next("error"));
          })
          .compose(e -> {
            ctx.verify(() -> assertEquals("not_found", e.getString("code")));
            return c.send(join("j2", id)).compose(v -> c.next("joined"));
          })
          .compose(j -> c.send(edit("e1", id, 0, new JsonArray().add("abc"))).compose(v -> c.next("edit_ack")))
          .compose(ack -> c.send(edit("past", id, 1, new JsonArray().add(2).add(-4))).compose(v -> c.next("error")))
          .compose(e -> {
            ctx.verify(() -> {
              assertEquals("delete_past_end", e.getString("code"));
              assertEquals("past", e.getString("ref"));
              assertFalse(e.getBoolean("retryable"));
            });
            return c.send(edit("future", id, 9, new JsonArray().add(3).add("!"))).compose(v -> c.next("error"));
          })
          .compose(e -> {
            ctx.verify(() -> assertEquals("invalid_revision", e.getString("code")));
            return c.sendText("{\"type\":\"edit\",\"id\":\"neg\",\"session\":\"" + id + "\",\"revision\":1,\"op\":[0,\"x\"]}")
              .compose(v -> c.next("error"));
          })
          .compose(e -> {
            ctx.verify(() -> {
              assertEquals("invalid_field", e.getString("code"));
              assertTrue(e.getString("field").startsWith("op"), e.getString("field"));
            });
            return rest.patch("/api/sessions/" + id, owner, new JsonObject().put("state", "ended"), null);
          })
          .compose(r -> c.send(edit("late", id, 1, new JsonArray().add(3).add("!"))).compose(v -> c.next("error")))
          .compose(e -> {
            ctx.verify(() -> assertEquals("session_ended", e.getString("code")));
            return rest.get("/api/sessions/" + id + "/document", owner);
          })
          .map(doc -> {
            ctx.verify(() -> {
              assertEquals("abc", doc.bodyAsJsonObject().getString("text"));
              assertEquals(1L, doc.bodyAsJsonObject().getLong("revision"));
            });
            return null;
          })
          .compose(v -> c.close()));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void presenceIsThrottled(Vertx vertx, VertxTestContext ctx) {
    String owner = tokens.token("pia", "user");
    rest.createSession(owner, "cursors").compose(s -> {
      String id = s.getString("id");
      return client(vertx, "pia", "user", Encoding.JSON).compose(a -> client(vertx, "quinn", "user", Encoding.JSON).compose(b ->
        a.send(join("ja", id)).compose(v -> a.next("joined"))
          .compose(v -> b.send(join("jb", id))).compose(v -> b.next("joined"))
          .compose(v -> {
            Future<Void> burst = Future.succeededFuture();
            for (int i = 0; i < 40; i++) {
              int cursor = i;
              burst = burst.compose(x -> b.send(new JsonObject().put("type", "presence").put("session", id).put("cursor", cursor)));
            }
            return burst;
          })
          // A marker after the burst: once a has it, every presence that was relayed has arrived too.
          .compose(v -> b.send(new JsonObject().put("type", "leave").put("id", "lb").put("session", id)))
          .compose(v -> a.next("participant_left"))
          .map(v -> {
            long relayed = a.inbox().stream().filter(m -> "presence".equals(m.getString("type"))).count();
            ctx.verify(() -> assertTrue(relayed >= 1 && relayed <= 12,
              "40 cursor moves in a burst, at most ~10 per second relayed: " + relayed));
            return null;
          })
          .compose(v -> a.close()).compose(v -> b.close())));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void viewersMayJoinButNotEdit(Vertx vertx, VertxTestContext ctx) {
    rest.createSession(tokens.token("dana", "user"), "read-only for some").compose(s -> {
      String id = s.getString("id");
      return client(vertx, "vera", "viewer", Encoding.JSON).compose(c ->
        c.send(join("j", id)).compose(v -> c.next("joined"))
          .compose(j -> c.send(edit("e", id, 0, new JsonArray().add("x"))).compose(v -> c.next("error")))
          .map(e -> {
            ctx.verify(() -> {
              assertEquals("forbidden", e.getString("code"));
              assertNull(c.inbox().stream().filter(m -> "edit_ack".equals(m.getString("type"))).findAny().orElse(null));
            });
            return null;
          })
          .compose(v -> c.close()));
    }).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * The gateway hands the session service the operation its codec parsed (no JSON round trip): the node's operation
   * limits still apply to it, with the same code REST answers.
   */
  @Test
  void operationsBeyondTheNodesLimitsAreRefusedOverWebSocketToo(Vertx vertx, VertxTestContext ctx) {
    JsonArray manyComponents = new JsonArray();
    for (int i = 0; i < 21; i++) {
      manyComponents.add(i % 2 == 0 ? (Object) "y" : (Object) 1);
    }
    rest.createSession(tokens.token("lia", "user"), "limits").compose(s -> {
      String id = s.getString("id");
      return client(vertx, "lia", "user", Encoding.MSGPACK).compose(c ->
        c.send(join("j", id)).compose(v -> c.next("joined"))
          .compose(j -> c.send(edit("wide", id, 0, manyComponents)).compose(v -> c.next("error")))
          .compose(e -> {
            ctx.verify(() -> {
              assertEquals("operation_too_large", e.getString("code"));
              assertEquals("wide", e.getString("ref"));
              assertTrue(e.getString("message").contains("21 components, limit is 20"), e.getString("message"));
            });
            return c.send(edit("long", id, 0, new JsonArray().add("a".repeat(60)).add("\uD83D\uDE00".repeat(41))))
              .compose(v -> c.next("error"));
          })
          .compose(e -> {
            ctx.verify(() -> {
              assertEquals("operation_too_large", e.getString("code"));
              assertEquals("long", e.getString("ref"));
            });
            // 100 code points (60 + 40 emoji, 140 chars) is the limit itself: accepted.
            return c.send(edit("fits", id, 0, new JsonArray().add("a".repeat(60)).add("\uD83D\uDE00".repeat(40))))
              .compose(v -> c.next("edit_ack"));
          })
          .compose(ack -> {
            ctx.verify(() -> assertEquals(1L, ack.getLong("revision"), "nothing refused was applied"));
            return c.close();
          }));
    }).onComplete(ctx.succeedingThenComplete());
  }
}
