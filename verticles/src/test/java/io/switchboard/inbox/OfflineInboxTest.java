package io.switchboard.inbox;

import io.switchboard.metrics.NodeMetrics;
import io.switchboard.protocol.Encoding;
import io.switchboard.redis.RedisSettings;
import io.switchboard.redis.RedisStore;
import io.switchboard.support.Poll;
import io.switchboard.support.RedisServer;
import io.switchboard.support.Rest;
import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offline delivery against a real redis-server and real nodes: messages addressed to bob while he is away (direct
 * messages, a mention, a session invitation) come on his next connection in order, and go only once acknowledged;
 * a full inbox drops its oldest (counted); live delivery across two nodes; Redis killed while alice sends; no Redis.
 */
@ExtendWith(VertxExtension.class)
class OfflineInboxTest {

  private RedisServer redis;
  private TestCluster cluster;

  @AfterEach
  void cleanUp() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (redis != null) {
      redis.stop();
    }
  }

  private JsonObject config(int httpPort) {
    return TestNodes.config(httpPort)
      .put(RedisSettings.URL, redis.url())
      .put(RedisSettings.TIMEOUT_MS, 500)
      .put(RedisSettings.BREAKER_MAX_FAILURES, 2)
      .put(RedisSettings.BREAKER_RESET_TIMEOUT_MS, 200);
  }

  @Test
  void offlineMessagesComeInOrderOnConnectAndGoOnlyOnceAcknowledged(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    JsonObject config = config(TestNodes.freePort());
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    Rest rest = new Rest(vertx, config.getInteger("http.port"));
    String[] ids = new String[5];
    TestNodes.deploy(vertx, config)
      .compose(d -> client(vertx, config, tokens, "alice", Encoding.JSON))
      .compose(alice -> dm(alice, "bob", 1).compose(v -> dm(alice, "bob", 2)).compose(v -> dm(alice, "bob", 3))
        .compose(v -> send(alice, new JsonObject().put("type", "publish").put("id", "m1").put("topic", "public.lobby")
          .put("payload", new JsonObject().put("text", "@bob lunch?")).put("ack", true)
          .put("mentions", new JsonArray().add("bob").add("alice"))))
        .eventually(alice::close))
      .compose(v -> rest.createSession(tokens.token("alice", "user"), "Plan"))
      .compose(session -> rest.post("/api/sessions/" + session.getString("id") + "/invitations",
        tokens.token("alice", "user"), new JsonObject().put("user", "bob").put("message", "join us")).map(r -> {
          ctx.verify(() -> {
            assertEquals(202, r.statusCode(), r.bodyAsString());
            assertEquals("user.bob.inbox", r.bodyAsJsonObject().getString("topic"));
            assertTrue(r.bodyAsJsonObject().getBoolean("inbox"));
          });
          return session.getString("id");
        }))
      .compose(session -> RedisStore.find(vertx).flushed().map(session))
      .compose(session -> client(vertx, config, tokens, "bob", Encoding.JSON).compose(bob -> bob.next("inbox", 5)
        .compose(items -> {
          ctx.verify(() -> {
            assertEquals(List.of("direct", "direct", "direct", "mention", "invitation"),
              items.stream().map(i -> i.getString("reason")).toList());
            assertTrue(items.stream().allMatch(i -> "alice".equals(i.getString("publisher"))));
            for (int i = 0; i < 3; i++) {
              assertEquals("user.bob.inbox", items.get(i).getString("topic"));
              assertEquals(i + 1, items.get(i).getJsonObject("payload").getInteger("n"));
            }
            assertEquals("public.lobby", items.get(3).getString("topic"));
            assertEquals(new JsonObject().put("kind", "invitation").put("session", session).put("title", "Plan")
              .put("by", "alice").put("message", "join us"), items.get(4).getJsonObject("payload"));
            assertEquals(5, items.stream().map(i -> i.getString("messageId")).distinct().count());
            for (int i = 0; i < 5; i++) {
              ids[i] = items.get(i).getString("inboxId");
            }
            assertEquals(List.of(ids), List.of(ids).stream().sorted().toList(), "inbox ids sort in inbox order");
          });
          return bob.next("inbox_end");
        })
        .compose(end -> {
          ctx.verify(() -> assertEquals(new JsonObject().put("type", "inbox_end").put("count", 5).put("trimmed", 0), end));
          return ack(bob, ids[2]);
        })
        .map(acked -> {
          ctx.verify(() -> assertEquals(3, acked.getLong("removed")));
          return null;
        })
        .eventually(bob::close)))
      // again, this time in MsgPack: only the two not acknowledged, with the same ids
      .compose(v -> client(vertx, config, tokens, "bob", Encoding.MSGPACK).compose(bob -> bob.next("inbox", 2)
        .compose(items -> {
          ctx.verify(() -> assertEquals(List.of(ids[3], ids[4]), items.stream().map(i -> i.getString("inboxId")).toList()));
          return bob.next("inbox_end");
        })
        .compose(end -> {
          ctx.verify(() -> assertEquals(2, end.getLong("count")));
          return ack(bob, ids[4]);
        })
        .map(acked -> {
          ctx.verify(() -> assertEquals(2, acked.getLong("removed")));
          return null;
        })
        .eventually(bob::close)))
      .compose(v -> client(vertx, config, tokens, "bob", Encoding.JSON).compose(bob -> bob.next("inbox_end")
        .map(end -> {
          ctx.verify(() -> {
            assertEquals(0, end.getLong("count"));
            assertTrue(bob.inbox().stream().noneMatch(m -> "inbox".equals(m.getString("type"))), bob.inbox().toString());
            assertEquals(0, redis.integer("ZCARD", "switchboard:inbox:{bob}"));
            assertEquals(5.0, counter(vertx, "switchboard_inbox_acked"));
            assertEquals(5.0, counter(vertx, "switchboard_inbox_appended"), "alice's self-mention is ignored");
          });
          return null;
        })
        .eventually(bob::close)))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aFullInboxDropsItsOldestAndSaysSo(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    JsonObject config = config(TestNodes.freePort()).put(InboxSettings.MAX_MESSAGES, 3);
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    TestNodes.deploy(vertx, config)
      .compose(d -> client(vertx, config, tokens, "alice", Encoding.JSON))
      .compose(alice -> dms(alice, "bob", 5).eventually(alice::close))
      .compose(v -> RedisStore.find(vertx).flushed())
      .compose(v -> client(vertx, config, tokens, "bob", Encoding.JSON))
      .compose(bob -> bob.next("inbox", 3).compose(items -> bob.next("inbox_end").map(end -> {
        ctx.verify(() -> {
          assertEquals(List.of(3, 4, 5), items.stream().map(i -> i.getJsonObject("payload").getInteger("n")).toList());
          assertEquals(2, end.getLong("trimmed"));
          assertEquals(2.0, counter(vertx, "switchboard_inbox_trimmed"));
        });
        return null;
      })).eventually(bob::close))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void bobOnNodeBGetsAliceMessagesFromNodeALive(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start();
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    TestCluster.start(2, this::config).compose(c -> {
      cluster = c;
      JsonObject a = new JsonObject().put("ws.port", c.wsPort(0));
      JsonObject b = new JsonObject().put("ws.port", c.wsPort(1));
      return client(c.node(1), b, tokens, "bob", Encoding.JSON).compose(bob -> bob.next("inbox_end")
        .compose(end -> client(c.node(0), a, tokens, "alice", Encoding.JSON))
        .compose(alice -> dm(alice, "bob", 1)
          .compose(v -> send(alice, new JsonObject().put("type", "publish").put("id", "m1").put("topic", "public.x")
            .put("payload", 2).put("ack", true).put("mentions", new JsonArray().add("bob"))))
          .eventually(alice::close))
        .compose(v -> bob.next("inbox", 2))
        .compose(items -> {
          ctx.verify(() -> assertEquals(List.of("direct", "mention"), items.stream().map(i -> i.getString("reason")).toList()));
          return ack(bob, items.get(1).getString("inboxId"));
        })
        .map(acked -> {
          ctx.verify(() -> assertEquals(2, acked.getLong("removed")));
          return null;
        })
        .eventually(bob::close));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void messagesSentWhileRedisIsDownArriveAfterItReturns(Vertx vertx, VertxTestContext ctx) {
    redis = RedisServer.start(true);
    JsonObject config = config(TestNodes.freePort());
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    Rest rest = new Rest(vertx, config.getInteger("http.port"));
    TestNodes.deploy(vertx, config)
      .compose(d -> {
        redis.kill();
        return client(vertx, config, tokens, "alice", Encoding.JSON);
      })
      .compose(alice -> dms(alice, "bob", 3).eventually(alice::close))
      .compose(v -> client(vertx, config, tokens, "bob", Encoding.JSON).compose(bob -> bob.next("error").map(e -> {
        ctx.verify(() -> {
          assertEquals("unavailable", e.getString("code"), e.encode());
          assertEquals("inbox", e.getString("field"));
          assertTrue(e.getBoolean("retryable"));
        });
        return null;
      }).eventually(bob::close)))
      .compose(v -> {
        redis.restart();
        return Poll.until(vertx, "health ok", 200, 50, () -> rest.get("/api/health", null)
          .map(r -> "ok".equals(r.bodyAsJsonObject().getString("status"))));
      })
      .compose(v -> client(vertx, config, tokens, "bob", Encoding.JSON))
      .compose(bob -> bob.next("inbox", 3).compose(items -> bob.next("inbox_end").map(end -> {
        ctx.verify(() -> {
          assertEquals(List.of(1, 2, 3), items.stream().map(i -> i.getJsonObject("payload").getInteger("n")).toList());
          assertEquals(3, end.getLong("count"));
        });
        return null;
      })).eventually(bob::close))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void withoutRedisTheInboxIsOffAndDirectMessagesAreAPlainTopic(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort());
    Tokens tokens = new Tokens(vertx, TestNodes.SECRET);
    Rest rest = new Rest(vertx, config.getInteger("http.port"));
    TestNodes.deploy(vertx, config)
      .compose(d -> WsClient.connect(vertx, config.getInteger("ws.port"), tokens.token("bob", "user"), Encoding.JSON))
      .compose(bob -> bob.next("ready").compose(ready -> {
        ctx.verify(() -> assertFalse(ready.getJsonArray("features").contains("inbox"), ready.encode()));
        return send(bob, new JsonObject().put("type", "subscribe").put("id", "s").put("topic", "user.bob.>"));
      }).compose(v -> bob.next("subscribed"))
        .compose(v -> client(vertx, config, tokens, "alice", Encoding.JSON))
        .compose(alice -> dm(alice, "bob", 1).eventually(alice::close))
        .compose(v -> bob.next("deliver"))
        .compose(d -> {
          ctx.verify(() -> assertEquals("alice", d.getString("publisher")));
          return send(bob, new JsonObject().put("type", "inbox_ack").put("id", "a1").put("upTo", "0"));
        })
        .compose(v -> bob.next("error"))
        .compose(e -> {
          ctx.verify(() -> {
            assertEquals("unavailable", e.getString("code"));
            assertFalse(e.getBoolean("retryable"));
            assertTrue(bob.inbox().stream().noneMatch(m -> m.getString("type").startsWith("inbox")), bob.inbox().toString());
          });
          return rest.createSession(tokens.token("alice", "user"), "Plan");
        })
        .compose(s -> rest.post("/api/sessions/" + s.getString("id") + "/invitations", tokens.token("alice", "user"),
          new JsonObject().put("user", "bob")))
        .compose(r -> {
          ctx.verify(() -> {
            assertEquals(202, r.statusCode(), r.bodyAsString());
            assertFalse(r.bodyAsJsonObject().getBoolean("inbox"));
          });
          return bob.next("deliver");
        })
        .map(invitation -> {
          ctx.verify(() -> assertEquals("invitation", invitation.getJsonObject("payload").getString("kind")));
          return null;
        })
        .eventually(bob::close))
      .onComplete(ctx.succeedingThenComplete());
  }

  // ---- helpers ----

  private static double counter(Vertx vertx, String name) {
    return NodeMetrics.get(vertx).registry().get(name).counter().count();
  }

  private static Future<WsClient> client(Vertx vertx, JsonObject config, Tokens tokens, String user, Encoding encoding) {
    return WsClient.connect(vertx, config.getInteger("ws.port"), tokens.token(user, "user"), encoding)
      .compose(c -> c.next("ready").map(r -> c));
  }

  private static Future<Void> send(WsClient c, JsonObject m) {
    return c.send(m).compose(v -> m.getBoolean("ack", false) ? c.next("ack").<Void>mapEmpty() : Future.succeededFuture());
  }

  /** A direct message {@code {"n": n}} to {@code user}, acknowledged. */
  private static Future<Void> dm(WsClient from, String user, int n) {
    return send(from, new JsonObject().put("type", "publish").put("id", "d" + n).put("topic", "user." + user + ".inbox")
      .put("payload", new JsonObject().put("n", n)).put("ack", true));
  }

  private static Future<Void> dms(WsClient from, String user, int n) {
    Future<Void> sent = Future.succeededFuture();
    for (int i = 1; i <= n; i++) {
      int k = i;
      sent = sent.compose(v -> dm(from, user, k));
    }
    return sent;
  }

  private static Future<JsonObject> ack(WsClient c, String upTo) {
    return c.send(new JsonObject().put("type", "inbox_ack").put("id", "a-" + upTo).put("upTo", upTo))
      .compose(v -> c.next("inbox_acked"));
  }
}
