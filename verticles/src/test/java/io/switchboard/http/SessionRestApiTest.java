package io.switchboard.http;

import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.switchboard.support.Rest.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session REST API end to end over real HTTP against one standalone node. */
@ExtendWith(VertxExtension.class)
class SessionRestApiTest {

  private static Rest rest;
  private static Tokens tokens;

  @BeforeAll
  static void startNode(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    tokens = new Tokens(vertx, TestNodes.SECRET);
    rest = new Rest(vertx, port);
    TestNodes.deploy(vertx, TestNodes.config(port)).onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop() {
    rest.close();
  }

  /**
   * REST calls the node's session service directly, the bridges and the gateway reach the same service on the bus:
   * the same answer either way, both counted in {@code switchboard_session_operations_total}, and the same error.
   */
  @Test
  void restAndTheBusReachTheSameService(Vertx vertx, VertxTestContext ctx) {
    String alice = tokens.token("alice", "user");
    JsonObject principal = new JsonObject().put("sub", "alice").put("roles", new JsonArray().add("user"));
    io.vertx.core.eventbus.DeliveryOptions get = new io.vertx.core.eventbus.DeliveryOptions()
      .addHeader(io.switchboard.session.SessionApi.ACTION, io.switchboard.session.SessionApi.GET);
    double[] before = new double[2];
    rest.createSession(alice, "one service").compose(created -> rest.get("/metrics", null).map(m -> {
      before[0] = counted(m.bodyAsString(), "get", "ok");
      before[1] = counted(m.bodyAsString(), "get", "not_found");
      return created.getString("id");
    })).compose(id -> rest.get("/api/sessions/" + id, alice).compose(viaRest -> vertx.eventBus()
        .<JsonObject>request(io.switchboard.session.SessionApi.ADDRESS, new JsonObject().put("id", id)
          .put("principal", principal), get)
        .map(viaBus -> {
          ctx.verify(() -> {
            assertEquals(200, viaRest.statusCode());
            assertEquals(viaRest.bodyAsJsonObject(), viaBus.body());
          });
          return id;
        })))
      .compose(id -> rest.get("/api/sessions/no-such-session", alice)
        .compose(missing -> vertx.eventBus().request(io.switchboard.session.SessionApi.ADDRESS,
            new JsonObject().put("id", "no-such-session").put("principal", principal), get)
          .transform(ar -> {
            ctx.verify(() -> {
              assertEquals(404, missing.statusCode());
              assertEquals("not_found", code(missing));
              assertTrue(ar.failed());
              assertEquals(404, ((io.vertx.core.eventbus.ReplyException) ar.cause()).failureCode());
            });
            return rest.get("/metrics", null);
          })))
      .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
        String text = metrics.bodyAsString();
        // one GET each way, each counted once (the bus endpoint calls the service, which counts itself)
        assertEquals(2.0, counted(text, "get", "ok") - before[0], text);
        assertEquals(2.0, counted(text, "get", "not_found") - before[1], text);
        ctx.completeNow();
      })));
  }

  private static double counted(String metrics, String op, String outcome) {
    return metrics.lines().filter(l -> l.startsWith("switchboard_session_operations_total{")
        && l.contains("op=\"" + op + "\"") && l.contains("outcome=\"" + outcome + "\""))
      .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void createReadUpdateDelete(VertxTestContext ctx) {
    String alice = tokens.token("alice", "user");
    JsonObject body = new JsonObject().put("title", "Design review").put("metadata", new JsonObject().put("team", "core"))
      .put("ttlSeconds", 600);
    rest.post("/api/sessions", alice, body).compose(created -> {
      ctx.verify(() -> {
        assertEquals(201, created.statusCode());
        JsonObject s = created.bodyAsJsonObject();
        assertEquals("Design review", s.getString("title"));
        assertEquals("alice", s.getString("owner"));
        assertEquals("active", s.getString("state"));
        assertEquals("core", s.getJsonObject("metadata").getString("team"));
        assertEquals(1L, s.getLong("version"));
        assertEquals("\"1\"", created.getHeader("ETag"));
        assertEquals("/api/sessions/" + s.getString("id"), created.getHeader("Location"));
        long ttl = java.time.Instant.parse(s.getString("expiresAt")).toEpochMilli()
          - java.time.Instant.parse(s.getString("createdAt")).toEpochMilli();
        assertEquals(600_000L, ttl);
      });
      String path = created.getHeader("Location");
      return rest.get(path, alice).compose(read -> {
        ctx.verify(() -> {
          assertEquals(200, read.statusCode());
          assertEquals("\"1\"", read.getHeader("ETag"));
          assertEquals(created.bodyAsJsonObject(), read.bodyAsJsonObject());
        });
        JsonObject patch = new JsonObject().put("title", "Design review (v2)").put("state", "suspended")
          .put("metadata", new JsonObject().put("team", null).put("room", "B"));
        return rest.patch(path, alice, patch, "\"1\"");
      }).compose(updated -> {
        ctx.verify(() -> {
          assertEquals(200, updated.statusCode(), updated.bodyAsString());
          JsonObject s = updated.bodyAsJsonObject();
          assertEquals("Design review (v2)", s.getString("title"));
          assertEquals("suspended", s.getString("state"));
          assertEquals(new JsonObject().put("room", "B"), s.getJsonObject("metadata"));
          assertEquals(2L, s.getLong("version"));
          assertEquals("\"2\"", updated.getHeader("ETag"));
        });
        return rest.delete(path, alice, "\"2\"");
      }).compose(deleted -> {
        ctx.verify(() -> assertEquals(204, deleted.statusCode()));
        return rest.get(path, alice);
      });
    }).onComplete(ctx.succeeding(gone -> ctx.verify(() -> {
      assertEquals(404, gone.statusCode());
      assertEquals("not_found", code(gone));
      ctx.completeNow();
    })));
  }

  @Test
  void staleIfMatchIsRefusedWith412AndChangesNothing(VertxTestContext ctx) {
    String bob = tokens.token("bob", "user");
    rest.createSession(bob, "etag").compose(s -> {
      String path = "/api/sessions/" + s.getString("id");
      return rest.patch(path, bob, new JsonObject().put("title", "first"), "\"1\"")
        .compose(ok -> rest.patch(path, bob, new JsonObject().put("title", "second"), "\"1\""))
        .compose(stale -> {
          ctx.verify(() -> {
            assertEquals(412, stale.statusCode());
            assertEquals("precondition_failed", code(stale));
          });
          return rest.delete(path, bob, "\"1\"");
        })
        .compose(staleDelete -> {
          ctx.verify(() -> assertEquals(412, staleDelete.statusCode()));
          return rest.get(path, bob);
        });
    }).onComplete(ctx.succeeding(read -> ctx.verify(() -> {
      assertEquals("first", read.bodyAsJsonObject().getString("title"));
      assertEquals(2L, read.bodyAsJsonObject().getLong("version"));
      ctx.completeNow();
    })));
  }

  @Test
  void malformedIfMatchIs400(VertxTestContext ctx) {
    String bob = tokens.token("bob2", "user");
    rest.createSession(bob, "etag")
      .compose(s -> rest.patch("/api/sessions/" + s.getString("id"), bob, new JsonObject().put("title", "x"), "W/1"))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(400, r.statusCode());
        assertEquals("bad_request", code(r));
        ctx.completeNow();
      })));
  }

  @Test
  void listFiltersByStateAndOwnerAndPages(VertxTestContext ctx) {
    String carol = tokens.token("carol", "user");
    String dave = tokens.token("dave", "user");
    List<Future<JsonObject>> creates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      creates.add(rest.createSession(carol, "carol-" + i));
    }
    creates.add(rest.createSession(dave, "dave-0"));
    Future.all(creates)
      .compose(all -> rest.patch("/api/sessions/" + creates.get(0).result().getString("id"), carol,
        new JsonObject().put("state", "suspended"), null))
      .compose(r -> rest.get("/api/sessions?owner=carol&limit=2", carol))
      .compose(page1 -> {
        JsonObject p1 = page1.bodyAsJsonObject();
        ctx.verify(() -> {
          assertEquals(200, page1.statusCode());
          assertEquals(2, p1.getJsonArray("items").size());
          assertNotNull(p1.getString("nextCursor"));
        });
        return collectPages(carol, "/api/sessions?owner=carol&limit=2", p1, new JsonArray().addAll(p1.getJsonArray("items")));
      })
      .compose(allCarol -> {
        ctx.verify(() -> {
          Set<String> titles = allCarol.stream().map(o -> ((JsonObject) o).getString("title")).collect(Collectors.toSet());
          assertEquals(Set.of("carol-0", "carol-1", "carol-2", "carol-3", "carol-4"), titles);
          assertEquals(5, allCarol.size(), "no session twice across pages");
        });
        return rest.get("/api/sessions?owner=carol&state=suspended", carol);
      })
      .onComplete(ctx.succeeding(suspended -> ctx.verify(() -> {
        JsonArray items = suspended.bodyAsJsonObject().getJsonArray("items");
        assertEquals(1, items.size());
        assertEquals("carol-0", items.getJsonObject(0).getString("title"));
        assertNull(suspended.bodyAsJsonObject().getString("nextCursor"));
        ctx.completeNow();
      })));
  }

  private Future<JsonArray> collectPages(String token, String base, JsonObject page, JsonArray acc) {
    String cursor = page.getString("nextCursor");
    if (cursor == null) {
      return Future.succeededFuture(acc);
    }
    return rest.get(base + "&cursor=" + cursor, token).compose(next -> {
      JsonObject body = next.bodyAsJsonObject();
      acc.addAll(body.getJsonArray("items"));
      return collectPages(token, base, body, acc);
    });
  }

  @Test
  void invalidFieldsAre400WithEveryOffendingField(VertxTestContext ctx) {
    String token = tokens.token("erin", "user");
    JsonObject bad = new JsonObject().put("title", "").put("metadata", "not-an-object").put("ttlSeconds", -5)
      .put("colour", "red");
    rest.post("/api/sessions", token, bad).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(400, r.statusCode());
      JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
      assertEquals("validation_failed", error.getString("code"));
      assertEquals(Set.of("title", "metadata", "ttlSeconds", "colour"), error.getJsonObject("fields").fieldNames());
      ctx.completeNow();
    })));
  }

  @Test
  void missingTitleAndBadListParametersAre400(VertxTestContext ctx) {
    String token = tokens.token("erin2", "user");
    rest.post("/api/sessions", token, new JsonObject()).compose(r -> {
      ctx.verify(() -> {
        assertEquals(400, r.statusCode());
        assertEquals("is required", r.bodyAsJsonObject().getJsonObject("error").getJsonObject("fields").getString("title"));
      });
      return rest.get("/api/sessions?limit=abc&state=sleeping", token);
    }).compose(r -> {
      ctx.verify(() -> {
        assertEquals(400, r.statusCode());
        assertEquals("validation_failed", code(r));
      });
      return rest.get("/api/sessions?limit=1000&state=sleeping&cursor=bm90LWEtY3Vyc29y", token);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(400, r.statusCode());
      assertEquals(Set.of("limit", "state", "cursor"),
        r.bodyAsJsonObject().getJsonObject("error").getJsonObject("fields").fieldNames());
      ctx.completeNow();
    })));
  }

  @Test
  void malformedJsonIs400AndWrongContentTypeIs415(VertxTestContext ctx) {
    String token = tokens.token("frank", "user");
    rest.request(HttpMethod.POST, "/api/sessions", token).putHeader("Content-Type", "application/json")
      .sendBuffer(io.vertx.core.buffer.Buffer.buffer("{\"title\": "))
      .compose(r -> {
        ctx.verify(() -> {
          assertEquals(400, r.statusCode());
          assertEquals("request body is not valid JSON", r.bodyAsJsonObject().getJsonObject("error").getString("message"));
        });
        return rest.request(HttpMethod.POST, "/api/sessions", token).putHeader("Content-Type", "application/json")
          .sendBuffer(io.vertx.core.buffer.Buffer.buffer("[1,2]"));
      })
      .compose(r -> {
        ctx.verify(() -> assertEquals(400, r.statusCode()));
        return rest.request(HttpMethod.POST, "/api/sessions", token).putHeader("Content-Type", "text/plain")
          .sendBuffer(io.vertx.core.buffer.Buffer.buffer("title=x"));
      })
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(415, r.statusCode());
        assertEquals("unsupported_media_type", code(r));
        ctx.completeNow();
      })));
  }

  @Test
  void oversizedBodyIs413(VertxTestContext ctx) {
    String token = tokens.token("gina", "user");
    String big = "x".repeat(1_100_000);
    rest.post("/api/sessions", token, new JsonObject().put("title", big))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(413, r.statusCode());
        assertEquals("payload_too_large", code(r));
        ctx.completeNow();
      })));
  }

  @Test
  void unknownSessionIs404AndUnknownPathIs404AndWrongMethodIs405(VertxTestContext ctx) {
    String token = tokens.token("hank", "user");
    rest.get("/api/sessions/does-not-exist", token).compose(r -> {
      ctx.verify(() -> {
        assertEquals(404, r.statusCode());
        assertEquals("not_found", code(r));
      });
      return rest.get("/api/nothing-here", token);
    }).compose(r -> {
      ctx.verify(() -> assertEquals(404, r.statusCode()));
      return rest.request(HttpMethod.PUT, "/api/sessions", token).send();
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(405, r.statusCode());
      assertEquals("method_not_allowed", code(r));
      ctx.completeNow();
    })));
  }

  @Test
  void rolesAndOwnershipDecideWhoMayDoWhat(VertxTestContext ctx) {
    String owner = tokens.token("ivy", "user");
    String other = tokens.token("jack", "user");
    String viewer = tokens.token("kim", "viewer");
    String admin = tokens.token("root", "admin");
    rest.createSession(owner, "owned").compose(s -> {
      String path = "/api/sessions/" + s.getString("id");
      return rest.post("/api/sessions", viewer, new JsonObject().put("title", "nope")).compose(r -> {
        ctx.verify(() -> {
          assertEquals(403, r.statusCode());
          assertEquals("forbidden", code(r));
        });
        return rest.get(path, viewer);
      }).compose(r -> {
        ctx.verify(() -> assertEquals(200, r.statusCode(), "viewers may read"));
        return rest.patch(path, other, new JsonObject().put("title", "mine now"), null);
      }).compose(r -> {
        ctx.verify(() -> assertEquals(403, r.statusCode(), "only the owner or an admin may change"));
        return rest.delete(path, other, null);
      }).compose(r -> {
        ctx.verify(() -> assertEquals(403, r.statusCode()));
        return rest.patch(path, admin, new JsonObject().put("state", "ended"), null);
      }).compose(r -> {
        ctx.verify(() -> assertEquals(200, r.statusCode(), "admins may change any session"));
        return rest.patch(path, owner, new JsonObject().put("state", "active"), null);
      }).compose(r -> {
        ctx.verify(() -> {
          assertEquals(409, r.statusCode(), "an ended session stays ended");
          assertEquals("conflict", code(r));
        });
        return rest.delete(path, admin, null);
      });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(204, r.statusCode());
      ctx.completeNow();
    })));
  }

  @Test
  void expiredSessionsAreGone(Vertx vertx, VertxTestContext ctx) {
    String token = tokens.token("lou", "user");
    rest.post("/api/sessions", token, new JsonObject().put("title", "brief").put("ttlSeconds", 1))
      .compose(created -> {
        String path = created.getHeader("Location");
        return rest.get(path, token).compose(live -> {
          ctx.verify(() -> assertEquals(200, live.statusCode()));
          return Future.<Void>future(p -> vertx.setTimer(1500, t -> p.complete()))
            .compose(v -> rest.get(path, token));
        });
      })
      .compose(expired -> {
        ctx.verify(() -> assertEquals(404, expired.statusCode(), "a session past its TTL is not served"));
        return rest.get("/api/sessions?owner=lou", token);
      })
      .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
        assertTrue(list.bodyAsJsonObject().getJsonArray("items").isEmpty(), "nor listed");
        ctx.completeNow();
      })));
  }

  @Test
  void noErrorBodyCarriesAStackTrace(VertxTestContext ctx) {
    String token = tokens.token("mo", "user");
    rest.request(HttpMethod.PATCH, "/api/sessions/x", token).putHeader("Content-Type", "application/json")
      .sendBuffer(io.vertx.core.buffer.Buffer.buffer("{\"state\": 42, \"metadata\": [1]}"))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(400, r.statusCode());
        assertFalse(r.bodyAsString().contains("Exception"), r.bodyAsString());
        assertFalse(r.bodyAsString().contains("at io."), r.bodyAsString());
        ctx.completeNow();
      })));
  }
}
