package io.switchboard.cluster;

import io.switchboard.support.Rest;
import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Three real Hazelcast-clustered nodes in one JVM, each with its own HTTP port. No secret is configured, so
 * the nodes share the generated one through the cluster, and a development token from node A works on B and C.
 */
@ExtendWith(VertxExtension.class)
class ThreeNodeClusterTest {

  private TestCluster cluster;
  private final List<Rest> clients = new ArrayList<>();

  @AfterEach
  void closeNodes() throws Exception {
    clients.forEach(Rest::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void sessionsAreSharedAndSurviveTheLossOfTheirCreator(Vertx client, VertxTestContext ctx) {
    JsonObject[] shared = new JsonObject[2];
    String[] token = new String[1];
    TestCluster.start(3, TestNodes::base)
      .compose(started -> {
        cluster = started;
        for (int i = 0; i < 3; i++) {
          clients.add(new Rest(client, cluster.httpPort(i)));
        }
        return clients.get(1).get("/api/health", null);
      })
      .compose(health -> {
        ctx.verify(() -> {
          assertEquals(3, health.bodyAsJsonObject().getJsonArray("members").size());
          assertEquals(true, health.bodyAsJsonObject().getBoolean("clustered"));
        });
        return clients.get(0).post("/api/auth/token", null, new JsonObject().put("sub", "alice").put("roles",
          new io.vertx.core.json.JsonArray().add("user")));
      })
      .compose(issued -> {
        ctx.verify(() -> assertEquals(200, issued.statusCode(), issued.bodyAsString()));
        token[0] = issued.bodyAsJsonObject().getString("token");
        return clients.get(0).createSession(token[0], "made on A");
      })
      .compose(created -> {
        shared[0] = created;
        return clients.get(1).get("/api/sessions/" + created.getString("id"), token[0]);
      })
      .compose(readOnB -> {
        ctx.verify(() -> {
          assertEquals(200, readOnB.statusCode(), "a token from A and a session from A, both accepted on B");
          assertEquals(shared[0], readOnB.bodyAsJsonObject());
        });
        return clients.get(1).patch("/api/sessions/" + shared[0].getString("id"), token[0],
          new JsonObject().put("title", "changed on B"), readOnB.getHeader("ETag"));
      })
      .compose(updatedOnB -> {
        ctx.verify(() -> assertEquals(200, updatedOnB.statusCode()));
        return clients.get(2).get("/api/sessions/" + shared[0].getString("id"), token[0]);
      })
      .compose(readOnC -> {
        ctx.verify(() -> {
          assertEquals("changed on B", readOnC.bodyAsJsonObject().getString("title"));
          assertEquals(2L, readOnC.bodyAsJsonObject().getLong("version"));
        });
        return clients.get(2).delete("/api/sessions/" + shared[0].getString("id"), token[0], "\"2\"");
      })
      .compose(deletedOnC -> {
        ctx.verify(() -> assertEquals(204, deletedOnC.statusCode()));
        return clients.get(0).get("/api/sessions/" + shared[0].getString("id"), token[0]);
      })
      .compose(goneOnA -> {
        ctx.verify(() -> assertEquals(404, goneOnA.statusCode()));
        return clients.get(0).createSession(token[0], "outlives its creator");
      })
      .compose(survivor -> {
        shared[1] = survivor;
        // Crash node A once the cluster is safe (no migration in flight, every backup in place): one backup
        // protects data from then on.
        return cluster.awaitSafe().compose(v -> cluster.crash(0));
      })
      .compose(v -> clients.get(1).get("/api/sessions/" + shared[1].getString("id"), token[0]))
      .compose(readOnB -> {
        ctx.verify(() -> {
          assertEquals(200, readOnB.statusCode(), readOnB.bodyAsString());
          assertEquals("outlives its creator", readOnB.bodyAsJsonObject().getString("title"));
        });
        return clients.get(2).get("/api/sessions/" + shared[1].getString("id"), token[0]);
      })
      .compose(readOnC -> {
        ctx.verify(() -> assertEquals(200, readOnC.statusCode()));
        return membersSeenBy(client, clients.get(2), 2, 100);
      })
      .onComplete(ctx.succeeding(members -> ctx.verify(() -> {
        assertEquals(2, members, "the survivors notice the crash");
        ctx.completeNow();
      })));
  }

  /** Polls health (at most {@code tries} times, 100 ms apart) until it reports {@code expected} members. */
  private static Future<Integer> membersSeenBy(Vertx vertx, Rest node, int expected, int tries) {
    return node.get("/api/health", null).compose(health -> {
      int members = health.bodyAsJsonObject().getJsonArray("members").size();
      if (members == expected || tries <= 1) {
        return Future.succeededFuture(members);
      }
      return Future.<Void>future(p -> vertx.setTimer(100, t -> p.complete()))
        .compose(v -> membersSeenBy(vertx, node, expected, tries - 1));
    });
  }
}
