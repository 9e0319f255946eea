package io.switchboard.session;

import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.switchboard.support.Rest.code;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A session's document over REST: concurrent edits merge, history, and every bad input refused without effect. */
@ExtendWith(VertxExtension.class)
class DocumentRestTest {

  private static Rest rest;
  private static Tokens tokens;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    rest = new Rest(vertx, port);
    tokens = new Tokens(vertx, TestNodes.SECRET);
    TestNodes.deploy(vertx, TestNodes.config(port).put("sessions.document.max-history", 5)
      .put("sessions.document.max-code-points", 100).put("sessions.document.max-op-components", 50))
      .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<JsonObject> document(String token, String id) {
    return rest.get("/api/sessions/" + id + "/document", token).map(HttpResponse::bodyAsJsonObject);
  }

  @Test
  void concurrentEditsMergeAndHistoryShowsThem(VertxTestContext ctx) {
    String alice = tokens.token("alice", "user");
    String bob = tokens.token("bob", "user");
    rest.createSession(alice, "doc").compose(s -> {
      String id = s.getString("id");
      return document(alice, id).compose(empty -> {
          ctx.verify(() -> {
            assertEquals("", empty.getString("text"));
            assertEquals(0L, empty.getLong("revision"));
          });
          return rest.edit(alice, id, 0, new JsonArray().add("Hello world"));
        })
        .compose(first -> {
          ctx.verify(() -> assertEquals(1L, first.bodyAsJsonObject().getLong("revision")));
          // Both base their edit on revision 1: the server transforms the second against the first.
          return rest.edit(alice, id, 1, new JsonArray().add(5).add(",").add(6));
        })
        .compose(comma -> rest.edit(bob, id, 1, new JsonArray().add(11).add("!")))
        .compose(bang -> {
          ctx.verify(() -> {
            assertEquals(200, bang.statusCode(), bang.bodyAsString());
            assertEquals(3L, bang.bodyAsJsonObject().getLong("revision"));
            assertEquals(new JsonArray().add(12).add("!"), bang.bodyAsJsonObject().getJsonArray("op"), "transformed");
            assertEquals("bob", bang.bodyAsJsonObject().getString("author"));
          });
          return document(bob, id);
        })
        .compose(doc -> {
          ctx.verify(() -> {
            assertEquals("Hello, world!", doc.getString("text"));
            assertEquals(3L, doc.getLong("revision"));
          });
          return rest.get("/api/sessions/" + id + "/history?since=1", alice);
        })
        .map(history -> {
          ctx.verify(() -> {
            JsonArray edits = history.bodyAsJsonObject().getJsonArray("edits");
            assertEquals(2, edits.size());
            assertEquals(2L, edits.getJsonObject(0).getLong("revision"));
            assertEquals("alice", edits.getJsonObject(0).getString("author"));
            assertEquals(new JsonArray().add(12).add("!"), edits.getJsonObject(1).getJsonArray("op"));
          });
          return null;
        });
    }).onComplete(ctx.succeedingThenComplete());
  }

  private static void assertRefused(VertxTestContext ctx, HttpResponse<Buffer> r, int status, String code) {
    ctx.verify(() -> {
      assertEquals(status, r.statusCode(), r.bodyAsString());
      assertEquals(code, code(r));
    });
  }

  @Test
  void badEditsAreRefusedPreciselyAndChangeNothing(VertxTestContext ctx) {
    String alice = tokens.token("carol", "user");
    String viewer = tokens.token("vic", "viewer");
    rest.createSession(alice, "strict").compose(s -> {
      String id = s.getString("id");
      return rest.edit(alice, id, 0, new JsonArray().add("abc"))
        .compose(r -> rest.edit(alice, id, 1, new JsonArray().add(1).add(-5)))
        .compose(r -> {
          assertRefused(ctx, r, 400, "delete_past_end");
          return rest.edit(alice, id, 1, new JsonArray().add(0).add("x"));
        })
        .compose(r -> {
          assertRefused(ctx, r, 400, "validation_failed");
          return rest.edit(alice, id, 1, new JsonArray().add(5).add("x"));
        })
        .compose(r -> {
          assertRefused(ctx, r, 400, "retain_past_end");
          return rest.edit(alice, id, 1, new JsonArray().add(1).add("x"));
        })
        .compose(r -> {
          assertRefused(ctx, r, 400, "base_length_mismatch");
          return rest.edit(alice, id, 7, new JsonArray().add(3).add("x"));
        })
        .compose(r -> {
          assertRefused(ctx, r, 400, "invalid_revision");
          JsonArray huge = new JsonArray();
          for (int i = 0; i < 60; i++) {
            huge.add(i % 2 == 0 ? (Object) "y" : (Object) 1);
          }
          return rest.edit(alice, id, 1, huge);
        })
        .compose(r -> {
          assertRefused(ctx, r, 413, "operation_too_large");
          return rest.edit(alice, id, 1, new JsonArray().add(3).add("z".repeat(98)));
        })
        .compose(r -> {
          assertRefused(ctx, r, 413, "document_too_large");
          return rest.edit(viewer, id, 1, new JsonArray().add(3).add("!"));
        })
        .compose(r -> {
          assertRefused(ctx, r, 403, "forbidden");
          return rest.post("/api/sessions/" + id + "/edits", alice, new JsonObject().put("revision", "one").put("op", 3));
        })
        .compose(r -> {
          assertRefused(ctx, r, 400, "validation_failed");
          ctx.verify(() -> assertEquals(2, r.bodyAsJsonObject().getJsonObject("error").getJsonObject("fields").size()));
          return document(alice, id);
        })
        .compose(doc -> {
          ctx.verify(() -> {
            assertEquals("abc", doc.getString("text"), "no refused edit changed the document");
            assertEquals(1L, doc.getLong("revision"));
          });
          return rest.patch("/api/sessions/" + id, alice, new JsonObject().put("state", "ended"), null);
        })
        .compose(ended -> rest.edit(alice, id, 1, new JsonArray().add(3).add("!")))
        .map(r -> {
          assertRefused(ctx, r, 409, "session_ended");
          return null;
        });
    }).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A document keeps each kept edit's client edit id: an id of any length (up to the body limit, a megabyte) made a
   * document of a thousand kept edits weigh up to a gigabyte. The ids follow the WebSocket protocol's rule for ids.
   */
  @Test
  void aClientEditIdIsAnIdentifierOfBoundedLength(VertxTestContext ctx) {
    String dana = tokens.token("dana", "user");
    rest.createSession(dana, "ids").compose(s -> {
      String id = s.getString("id");
      JsonArray op = new JsonArray().add("a");
      return rest.post("/api/sessions/" + id + "/edits", dana,
          new JsonObject().put("revision", 0).put("op", op).put("clientEditId", "x".repeat(129)))
        .compose(r -> {
          assertRefused(ctx, r, 400, "validation_failed");
          ctx.verify(() -> assertEquals("longer than 128 characters",
            r.bodyAsJsonObject().getJsonObject("error").getJsonObject("fields").getString("clientEditId")));
          return rest.post("/api/sessions/" + id + "/edits", dana,
            new JsonObject().put("revision", 0).put("op", op).put("clientEditId", "a\nb"));
        })
        .compose(r -> {
          assertRefused(ctx, r, 400, "validation_failed");
          return rest.post("/api/sessions/" + id + "/edits", dana,
            new JsonObject().put("revision", 0).put("op", op).put("clientEditId", ""));
        })
        .compose(r -> {
          assertRefused(ctx, r, 400, "validation_failed");
          return document(dana, id);
        })
        .compose(doc -> {
          ctx.verify(() -> assertEquals(0L, doc.getLong("revision"), "no refused edit changed the document"));
          return rest.post("/api/sessions/" + id + "/edits", dana,
            new JsonObject().put("revision", 0).put("op", op).put("clientEditId", "x".repeat(128)));
        })
        .map(r -> {
          ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
          return null;
        });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theOwnerMayRestrictEditingToNamedEditors(VertxTestContext ctx) {
    String owner = tokens.token("olga", "user");
    String editor = tokens.token("ed", "user");
    String other = tokens.token("oscar", "user");
    rest.post("/api/sessions", owner, new JsonObject().put("title", "closed")
        .put("metadata", new JsonObject().put("editors", new JsonArray().add("ed"))))
      .compose(created -> {
        String id = created.bodyAsJsonObject().getString("id");
        return rest.edit(other, id, 0, new JsonArray().add("no"))
          .compose(r -> {
            assertRefused(ctx, r, 403, "forbidden");
            return rest.edit(editor, id, 0, new JsonArray().add("ed was here"));
          })
          .compose(r -> {
            ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
            return rest.edit(owner, id, 1, new JsonArray().add(11).add(", and olga"));
          })
          .compose(r -> {
            ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
            return rest.get("/api/sessions/" + id + "/document", other);
          })
          .map(doc -> {
            ctx.verify(() -> assertEquals("ed was here, and olga", doc.bodyAsJsonObject().getString("text"),
              "others may still read"));
            return null;
          });
      }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anEditOlderThanTheKeptHistoryMustResync(VertxTestContext ctx) {
    String alice = tokens.token("dora", "user");
    rest.createSession(alice, "window").compose(s -> {
      String id = s.getString("id");
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < 7; i++) {
        int rev = i;
        JsonArray op = rev == 0 ? new JsonArray().add("x") : new JsonArray().add(rev).add("x");
        chain = chain.compose(v -> rest.edit(alice, id, rev, op)).map(r -> {
          ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
          return null;
        });
      }
      return chain.compose(v -> rest.edit(alice, id, 0, new JsonArray().add("early")))
        .compose(r -> {
          assertRefused(ctx, r, 409, "resync");
          return rest.get("/api/sessions/" + id + "/history?since=0", alice);
        })
        .compose(r -> {
          assertRefused(ctx, r, 409, "resync");
          return rest.get("/api/sessions/nope/document", alice);
        })
        .map(r -> {
          assertRefused(ctx, r, 404, "not_found");
          return null;
        });
    }).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A resent edit (the answer to the first POST was lost) is answered with its first result and applied once; the
   * same id from another user, or without {@code resent} (a client that never resends may reuse ids), is a new edit.
   */
  @Test
  void aResentEditIsAppliedOnceAndAnsweredWithItsFirstResult(VertxTestContext ctx) {
    String erin = tokens.token("erin", "user");
    String fred = tokens.token("fred", "user");
    JsonArray hello = new JsonArray().add("hello");
    rest.createSession(erin, "resend").compose(s -> {
      String id = s.getString("id");
      String path = "/api/sessions/" + id + "/edits";
      JsonObject first = new JsonObject().put("revision", 0).put("op", hello).put("clientEditId", "x-1");
      return rest.post(path, erin, first)
        .compose(r -> rest.post(path, erin, first.copy().put("resent", true)))
        .compose(again -> {
          ctx.verify(() -> {
            assertEquals(200, again.statusCode(), again.bodyAsString());
            assertEquals(1L, again.bodyAsJsonObject().getLong("revision"), "the first result");
            assertEquals(true, again.bodyAsJsonObject().getBoolean("duplicate"));
            assertEquals(new JsonArray().add("hello"), again.bodyAsJsonObject().getJsonArray("op"));
          });
          return rest.post(path, fred, first.copy().put("resent", true));
        })
        .compose(fredsOwn -> {
          ctx.verify(() -> assertEquals(2L, fredsOwn.bodyAsJsonObject().getLong("revision"), "another user's id is not erin's"));
          return rest.post(path, erin, first);
        })
        .compose(reused -> {
          ctx.verify(() -> assertEquals(3L, reused.bodyAsJsonObject().getLong("revision"), "not resent: a new edit"));
          return rest.post(path, erin, new JsonObject().put("revision", 3).put("op", new JsonArray().add(15).add("!"))
            .put("resent", true));
        })
        .compose(noId -> {
          ctx.verify(() -> {
            assertEquals(400, noId.statusCode());
            assertEquals("validation_failed", code(noId));
          });
          return document(erin, id);
        })
        .map(doc -> {
          ctx.verify(() -> {
            assertEquals("hellohellohello", doc.getString("text"));
            assertEquals(3L, doc.getLong("revision"));
          });
          return null;
        });
    }).onComplete(ctx.succeedingThenComplete());
  }
}
