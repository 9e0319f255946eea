package io.switchboard.session;

import com.hazelcast.map.IMap;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session's document goes when the session expires. Before, only a deleted session took its document along: an
 * expired one freed its owner's slot (SessionQuotaTest) and left the document in the cluster for good, so a
 * principal creating short-lived sessions and typing into them grew the node's memory without bound.
 */
@ExtendWith(VertxExtension.class)
class DocumentExpiryTest {

  @Test
  void anExpiredSessionTakesItsDocumentAlong(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    Rest rest = new Rest(vertx, port);
    String alice = new Tokens(vertx, TestNodes.SECRET).token("alice", "user");
    String[] id = new String[1];
    Vertx[] node = new Vertx[1];
    // A clustered node (one member): its documents are the Hazelcast map, which the test can look at.
    TestNodes.clusteredVertx("expiry-" + port, TestNodes.freePort())
      .compose(clustered -> {
        node[0] = clustered;
        return TestNodes.deploy(clustered, TestNodes.config(port));
      })
      .compose(d -> rest.post("/api/sessions", alice, new JsonObject().put("title", "brief").put("ttlSeconds", 1)))
      .compose(created -> {
        id[0] = created.bodyAsJsonObject().getString("id");
        return rest.edit(alice, id[0], 0, new JsonArray().add("gone soon"));
      })
      .compose(edited -> {
        ctx.verify(() -> assertEquals(200, edited.statusCode(), edited.bodyAsString()));
        IMap<String, SessionDocument> documents = ClusterNode.get(node[0]).hazelcast().getMap(SessionApi.DOCUMENTS);
        ctx.verify(() -> assertTrue(documents.containsKey(id[0]), "the edit made a document"));
        // Hazelcast removes expired entries in the background (a sweep every few seconds): wait up to 20 s.
        return gone(vertx, documents, id[0], System.currentTimeMillis() + 20_000);
      })
      .eventually(() -> node[0] == null ? Future.succeededFuture() : node[0].close())
      .onComplete(ctx.succeeding(gone -> ctx.verify(() -> {
        assertTrue(gone, "the document of session " + id[0] + " outlived its session by 20 s");
        ctx.completeNow();
      })));
  }

  private static Future<Boolean> gone(Vertx vertx, IMap<String, SessionDocument> documents, String id, long until) {
    return vertx.executeBlocking(() -> !documents.containsKey(id), false).compose(gone -> gone
      || System.currentTimeMillis() > until ? Future.succeededFuture(gone)
      : vertx.timer(250).compose(v -> gone(vertx, documents, id, until)));
  }
}
