package io.switchboard.metrics;

import io.switchboard.support.Poll;
import io.switchboard.support.Rest;
import io.switchboard.support.TestCluster;
import io.switchboard.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/cluster} on one node of a real 2-node cluster lists both nodes' vital signs, without a token. */
@ExtendWith(VertxExtension.class)
class ClusterVitalsTest {

  private TestCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void anyNodeAnswersForEveryNode(Vertx client, VertxTestContext ctx) {
    TestCluster.start(2, TestNodes::config).compose(c -> {
      cluster = c;
      Rest rest = new Rest(client, c.httpPort(0));
      JsonObject[] seen = new JsonObject[1];
      return Poll.until(client, "both nodes in /api/cluster", 100, 100, () -> rest.get("/api/cluster", null).map(r -> {
        seen[0] = r.bodyAsJsonObject();
        return r.statusCode() == 200 && seen[0].getJsonArray("nodes").size() == 2;
      })).map(v -> seen[0]);
    }).onComplete(ctx.succeeding(body -> ctx.verify(() -> {
      Set<String> ids = new HashSet<>();
      body.getJsonArray("nodes").forEach(n -> {
        JsonObject node = (JsonObject) n;
        ids.add(node.getString("nodeId"));
        assertTrue(node.getBoolean("clustered"), node.encode());
        assertTrue(node.containsKey("connections") && node.containsKey("messagesIn") && node.containsKey("messagesOut"),
          node.encode());
      });
      assertEquals(2, ids.size(), body.encode());
      assertEquals(2, body.getJsonArray("members").size(), body.encode());
      ctx.completeNow();
    })));
  }
}
