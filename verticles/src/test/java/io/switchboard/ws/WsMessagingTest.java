package io.switchboard.ws;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.signing.DeliverSignature;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topic messaging on one node over real sockets: the protocol's messages as docs/protocol/websocket.md shows them. */
@ExtendWith(VertxExtension.class)
class WsMessagingTest {

  private static final String SIGNING_KEY = "switchboard-demo-key";
  private static int wsPort;
  private static Tokens tokens;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort()).put("ws.signing-key", SIGNING_KEY);
    wsPort = config.getInteger("ws.port");
    tokens = new Tokens(vertx, TestNodes.SECRET);
    TestNodes.deploy(vertx, config).onComplete(ctx.succeedingThenComplete());
  }

  private static Future<WsClient> client(Vertx vertx, String user, Encoding encoding) {
    return WsClient.connect(vertx, wsPort, tokens.token(user, "user"), encoding).compose(c -> c.next("ready").map(r -> c));
  }

  private static JsonObject subscribe(String id, String topic) {
    return new JsonObject().put("type", "subscribe").put("id", id).put("topic", topic);
  }

  private static JsonObject publish(String id, String topic, Object payload) {
    return new JsonObject().put("type", "publish").put("id", id).put("topic", topic).put("payload", payload).put("ack", true);
  }

  @Test
  void jsonAndMsgPackClientsTalkToEachOther(Vertx vertx, VertxTestContext ctx) {
    String topic = "public.mixed";
    JsonObject payload = new JsonObject().put("text", "héllo 👋").put("n", 3).put("list", new JsonArray().add(1.5).add(true));
    client(vertx, "jsonuser", Encoding.JSON).compose(json -> client(vertx, "packuser", Encoding.MSGPACK).compose(pack ->
      json.send(subscribe("s1", topic)).compose(v -> json.next("subscribed"))
        .compose(v -> pack.send(subscribe("s2", topic))).compose(v -> pack.next("subscribed"))
        .compose(subscribed -> {
          ctx.verify(() -> assertEquals(0L, subscribed.getJsonObject("position").getLong("seq")));
          return pack.send(publish("p1", topic, payload));
        })
        .compose(v -> pack.next("ack"))
        .compose(ack -> {
          ctx.verify(() -> {
            assertEquals("p1", ack.getString("id"));
            assertEquals(1L, ack.getLong("seq"));
            assertFalse(ack.getBoolean("duplicate"));
          });
          return json.send(publish("p2", topic, "from json"));
        })
        .compose(v -> Future.all(json.next("deliver", 2), pack.next("deliver", 2)))
        .map(all -> {
          List<JsonObject> a = all.resultAt(0);
          List<JsonObject> b = all.resultAt(1);
          ctx.verify(() -> {
            assertEquals(payload, a.get(0).getValue("payload"));
            assertEquals(payload, b.get(0).getValue("payload"));
            assertEquals("packuser", a.get(0).getString("publisher"));
            assertEquals("from json", b.get(1).getValue("payload"));
            assertEquals(List.of(1L, 2L), a.stream().map(m -> m.getLong("seq")).toList());
            assertEquals(List.of(1L, 2L), b.stream().map(m -> m.getLong("seq")).toList());
            assertEquals(a.get(0).getString("messageId"), b.get(0).getString("messageId"));
          });
          return null;
        })
        .compose(v -> json.close()).compose(v -> pack.close())))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void deliveriesAreSignedVerifiably(Vertx vertx, VertxTestContext ctx) {
    client(vertx, "signed", Encoding.JSON).compose(c -> c.send(subscribe("s", "public.signed"))
      .compose(v -> c.next("subscribed"))
      .compose(v -> c.send(publish("p", "public.signed", new JsonObject().put("n", 3).put("text", "x"))))
      .compose(v -> c.next("deliver"))
      .map(d -> {
        ctx.verify(() -> {
          assertNotNull(d.getString("sig"));
          Deliver deliver = (Deliver) Frames.fromJson(d);
          assertTrue(new DeliverSignature(SIGNING_KEY.getBytes(StandardCharsets.UTF_8)).verify(deliver));
          Deliver tampered = (Deliver) Frames.fromJson(d.copy().put("payload", new JsonObject().put("n", 4).put("text", "x")));
          assertFalse(new DeliverSignature(SIGNING_KEY.getBytes(StandardCharsets.UTF_8)).verify(tampered));
        });
        return null;
      })
      .compose(v -> c.close()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void badInputGetsErrorsAndTheConnectionStays(Vertx vertx, VertxTestContext ctx) {
    client(vertx, "clumsy", Encoding.JSON).compose(c -> c.sendText("{\"type\":\"publish\",\"id\":\"p1\",")
      .compose(v -> c.next("error"))
      .compose(e -> {
        ctx.verify(() -> assertEquals("malformed", e.getString("code")));
        return c.sendText("{\"type\":\"shout\",\"id\":\"x1\"}");
      })
      .compose(v -> c.next("error"))
      .compose(e -> {
        ctx.verify(() -> {
          assertEquals("unknown_type", e.getString("code"));
          assertEquals("x1", e.getString("ref"));
        });
        return c.sendText("{\"type\":\"publish\",\"id\":\"p9\",\"payload\":{}}");
      })
      .compose(v -> c.next("error"))
      .compose(e -> {
        ctx.verify(() -> {
          assertEquals("missing_field", e.getString("code"));
          assertEquals("topic", e.getString("field"));
          assertEquals("p9", e.getString("ref"));
          assertFalse(e.getBoolean("retryable"));
        });
        return c.sendBinary(Buffer.buffer(new byte[]{(byte) 0xc1, 0x00, 0x13}));
      })
      .compose(v -> c.next("error"))
      .compose(e -> {
        ctx.verify(() -> assertEquals("malformed", e.getString("code")));
        return c.send(new JsonObject().put("type", "ping").put("ts", 42));
      })
      .compose(v -> c.next("pong"))
      .map(pong -> {
        ctx.verify(() -> assertEquals(42L, pong.getLong("ts")));
        return null;
      })
      .compose(v -> c.close()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void topicPermissionsComeFromTheToken(Vertx vertx, VertxTestContext ctx) {
    JsonObject claims = Tokens.claims("scoped", "user").put("topics",
      new JsonObject().put("subscribe", new JsonArray().add("chat.>")).put("publish", new JsonArray().add("chat.lobby")));
    WsClient.connect(vertx, wsPort, tokens.sign(claims, "HS256"), Encoding.JSON).compose(c -> c.next("ready")
      .compose(v -> c.send(subscribe("ok", "chat.*")))
      .compose(v -> c.next("subscribed"))
      .compose(v -> c.send(subscribe("no", "secret.stuff")))
      .compose(v -> c.next("error"))
      .compose(e -> {
        ctx.verify(() -> {
          assertEquals("forbidden", e.getString("code"));
          assertEquals("no", e.getString("ref"));
        });
        return c.send(subscribe("too-wide", ">"));
      })
      .compose(v -> c.next("error"))
      .compose(e -> {
        ctx.verify(() -> assertEquals("forbidden", e.getString("code")));
        return c.send(publish("p-no", "chat.other", 1));
      })
      .compose(v -> c.next("error"))
      .compose(e -> {
        ctx.verify(() -> assertEquals("forbidden", e.getString("code")));
        return c.send(publish("p-ok", "chat.lobby", 1));
      })
      .compose(v -> c.next("ack"))
      .compose(v -> c.close()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void defaultPermissionsAllowPublicAndOwnUserTopicsOnly(Vertx vertx, VertxTestContext ctx) {
    client(vertx, "ivan", Encoding.JSON).compose(c -> c.send(subscribe("mine", "user.ivan.inbox"))
      .compose(v -> c.next("subscribed"))
      .compose(v -> c.send(subscribe("theirs", "user.judy.inbox")))
      .compose(v -> c.next("error"))
      .map(e -> {
        ctx.verify(() -> assertEquals("forbidden", e.getString("code")));
        return null;
      })
      .compose(v -> c.close()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRepeatedMessageIdIsAcknowledgedButDeliveredOnce(Vertx vertx, VertxTestContext ctx) {
    String topic = "public.dedup";
    client(vertx, "sub-dedup", Encoding.JSON).compose(sub -> client(vertx, "pub-dedup", Encoding.JSON).compose(pub ->
      sub.send(subscribe("s", topic)).compose(v -> sub.next("subscribed"))
        .compose(v -> pub.send(publish("same-id", topic, "first")))
        .compose(v -> pub.next("ack"))
        .compose(first -> pub.send(publish("same-id", topic, "again")).compose(v -> pub.next("ack")).map(second -> {
          ctx.verify(() -> {
            assertTrue(second.getBoolean("duplicate"));
            assertEquals(first.getLong("seq"), second.getLong("seq"));
          });
          return null;
        }))
        .compose(v -> pub.send(publish("other-id", topic, "next")))
        .compose(v -> sub.next("deliver", 2))
        .map(delivered -> {
          ctx.verify(() -> {
            assertEquals(List.of("first", "next"), delivered.stream().map(d -> d.getValue("payload")).toList());
            assertTrue(sub.inbox().stream().noneMatch(m -> "deliver".equals(m.getString("type"))));
          });
          return null;
        })
        .compose(v -> sub.close()).compose(v -> pub.close())))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void filtersSelectOnPayloadFields(Vertx vertx, VertxTestContext ctx) {
    String topic = "public.prices";
    JsonObject filtered = subscribe("f", topic).put("filter", new JsonObject().put("and", new JsonArray()
      .add(new JsonObject().put("field", "price").put("op", "gt").put("value", 10))
      .add(new JsonObject().put("field", "venue.country").put("op", "in").put("value", new JsonArray().add("FR").add("DE")))));
    client(vertx, "trader", Encoding.MSGPACK).compose(c -> c.send(filtered).compose(v -> c.next("subscribed"))
      .compose(v -> c.send(publish("1", topic, new JsonObject().put("price", 5).put("venue", new JsonObject().put("country", "FR")))))
      .compose(v -> c.send(publish("2", topic, new JsonObject().put("price", 50).put("venue", new JsonObject().put("country", "US")))))
      .compose(v -> c.send(publish("3", topic, new JsonObject().put("price", 12.5).put("venue", new JsonObject().put("country", "DE")))))
      .compose(v -> c.next("ack", 3))
      .compose(v -> c.next("deliver"))
      .map(d -> {
        ctx.verify(() -> {
          assertEquals(3L, d.getLong("seq"));
          assertEquals(12.5, d.getJsonObject("payload").getDouble("price"));
        });
        return null;
      })
      .compose(v -> c.close()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void batchesRunInOrderAndAreAnsweredWithABatch(Vertx vertx, VertxTestContext ctx) {
    JsonObject batch = new JsonObject().put("type", "batch").put("messages", new JsonArray()
      .add(subscribe("s", "public.batch"))
      .add(publish("p", "public.batch", new JsonArray().add(1)))
      .add(new JsonObject().put("type", "ping").put("ts", 7)));
    client(vertx, "batcher", Encoding.JSON).compose(c -> c.send(batch).compose(v -> c.next("batch"))
      .compose(reply -> {
        ctx.verify(() -> assertEquals(List.of("subscribed", "ack", "pong"), reply.getJsonArray("messages").stream()
          .map(m -> ((JsonObject) m).getString("type")).toList()));
        return c.next("deliver");
      })
      .compose(v -> c.close()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void endToEndEncryptedPayloadsAreRelayedOpaque(Vertx vertx, VertxTestContext ctx) {
    String ciphertext = "AESGCM:9f2c0e7a{not json at all]";
    client(vertx, "e2e", Encoding.JSON).compose(c -> c.send(subscribe("s", "public.e2e")).compose(v -> c.next("subscribed"))
      .compose(v -> c.send(publish("p", "public.e2e", ciphertext).put("e2e", true)))
      .compose(v -> c.next("deliver"))
      .map(d -> {
        ctx.verify(() -> {
          assertEquals(ciphertext, d.getString("payload"));
          assertTrue(d.getBoolean("e2e"));
        });
        return null;
      })
      .compose(v -> c.close()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void resumeDeliversWhatWasMissedOrAGap(Vertx vertx, VertxTestContext ctx) {
    String topic = "public.resume";
    client(vertx, "resumer", Encoding.JSON).compose(first -> first.send(subscribe("s", topic))
      .compose(v -> first.next("subscribed"))
      .compose(sub -> first.send(publish("m1", topic, 1)).compose(v -> first.next("deliver")).map(d -> d))
      .compose(d1 -> first.close().map(d1))
      .compose(d1 -> client(vertx, "other", Encoding.JSON).compose(pub -> pub.send(publish("m2", topic, 2))
        .compose(v -> pub.send(publish("m3", topic, 3))).compose(v -> pub.next("ack", 2)).compose(v -> pub.close()))
        .map(d1))
      .compose(d1 -> client(vertx, "resumer", Encoding.JSON).compose(again -> again.send(subscribe("s", topic)
          .put("resume", new JsonObject().put("epoch", d1.getString("epoch")).put("seq", d1.getLong("seq"))))
        .compose(v -> again.next("deliver", 2))
        .map(missed -> {
          ctx.verify(() -> assertEquals(List.of(2, 3), missed.stream().map(m -> m.getInteger("payload")).toList()));
          return null;
        })
        .compose(v -> again.send(new JsonObject().put("type", "resume").put("topic", topic).put("epoch", "gone").put("seq", 1)))
        .compose(v -> again.next("gap"))
        .map(gap -> {
          ctx.verify(() -> {
            assertEquals("epoch_changed", gap.getString("reason"));
            assertEquals(d1.getString("epoch"), gap.getJsonObject("available").getString("epoch"));
          });
          return null;
        })
        .compose(v -> again.close()))))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void subscriptionsPerConnectionAreLimited(Vertx vertx, VertxTestContext ctx) {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 1000; i++) {
      many.add(subscribe("s" + i, "public.many." + i));
    }
    client(vertx, "collector", Encoding.JSON).compose(c -> {
      Future<Void> chain = Future.succeededFuture();
      for (int from = 0; from < 1000; from += 100) {
        JsonArray slice = new JsonArray(many.getList().subList(from, from + 100));
        chain = chain.compose(v -> c.send(new JsonObject().put("type", "batch").put("messages", slice)))
          .compose(v -> c.next("batch")).mapEmpty();
      }
      return chain.compose(v -> c.send(subscribe("s1000", "public.many.1000"))).compose(v -> c.next("error")).map(e -> {
        ctx.verify(() -> {
          assertEquals("limit_exceeded", e.getString("code"));
          assertEquals("s1000", e.getString("ref"));
        });
        return null;
      }).compose(v -> c.close());
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void unsubscribeStopsDeliveriesAndUnknownOnesAreErrors(Vertx vertx, VertxTestContext ctx) {
    client(vertx, "leaver", Encoding.JSON).compose(c -> c.send(subscribe("s", "public.leave")).compose(v -> c.next("subscribed"))
      .compose(v -> c.send(new JsonObject().put("type", "unsubscribe").put("id", "u").put("topic", "public.leave")))
      .compose(v -> c.next("unsubscribed"))
      .compose(v -> c.send(new JsonObject().put("type", "unsubscribe").put("id", "u2").put("topic", "public.leave")))
      .compose(v -> c.next("error"))
      .compose(e -> {
        ctx.verify(() -> assertEquals("not_subscribed", e.getString("code")));
        return c.send(publish("p", "public.leave", 1));
      })
      .compose(v -> c.next("ack"))
      .compose(v -> c.send(new JsonObject().put("type", "ping").put("ts", 1)))
      .compose(v -> c.next("pong"))
      .map(v -> {
        ctx.verify(() -> assertNull(c.inbox().stream().filter(m -> "deliver".equals(m.getString("type"))).findAny().orElse(null)));
        return null;
      })
      .compose(v -> c.close()))
      .onComplete(ctx.succeedingThenComplete());
  }
}
