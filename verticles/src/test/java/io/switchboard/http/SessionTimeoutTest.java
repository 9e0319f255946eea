package io.switchboard.http;

import static io.switchboard.support.Rest.code;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.session.SessionApi;
import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * REST calls the session service directly (no bus request); an answer that does not come within
 * {@code bus.request-timeout-ms} is still a 504 {@code timeout}, as it was through the bus, never a 500. A read that
 * must ask the cluster (an id this node holds no session for) waits behind a slow entry processor holding the key's
 * partition; a session this node owns is read in place ({@code OwnerReads}) and does not wait behind it at all.
 */
@ExtendWith(VertxExtension.class)
class SessionTimeoutTest {

  private static Rest rest;
  private static Tokens tokens;

  @BeforeAll
  static void startNode(Vertx vertx, VertxTestContext ctx) {
    int port = TestNodes.freePort();
    tokens = new Tokens(vertx, TestNodes.SECRET);
    rest = new Rest(vertx, port);
    TestNodes.deploy(vertx, TestNodes.config(port).put(HttpVerticle.BUS_TIMEOUT_MS, 300))
      .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop() {
    rest.close();
  }

  /** Holds its partition's thread for 2 s, changes nothing. */
  static final class Busy implements EntryProcessor<String, HazelcastJsonValue, Object> {
    @Override
    public Object process(Map.Entry<String, HazelcastJsonValue> entry) {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }

    @Override
    public EntryProcessor<String, HazelcastJsonValue, Object> getBackupProcessor() {
      return null;
    }
  }

  @Test
  void aReadThatWaitsLongerThanTheTimeoutIs504(Vertx vertx, VertxTestContext ctx) {
    String alice = tokens.token("alice", "user");
    String id = java.util.UUID.randomUUID().toString(); // no such session: the read asks the partition's thread
    IMap<String, HazelcastJsonValue> sessions = ClusterNode.get(vertx).hazelcast().getMap(SessionApi.MAP);
    CompletionStage<Object> busy = sessions.submitToKey(id, new Busy());
    rest.get("/api/sessions/" + id, alice)
      .compose(read -> io.vertx.core.Future.fromCompletionStage(busy).map(done -> read)) // the partition free again
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertEquals(504, read.statusCode(), read.bodyAsString());
        assertEquals("timeout", code(read));
        ctx.completeNow();
      })));
  }

  @Test
  void anOwnedSessionIsReadWithoutWaitingForItsPartition(Vertx vertx, VertxTestContext ctx) {
    String alice = tokens.token("alice", "user");
    rest.createSession(alice, "slow").compose(created -> {
      String id = created.getString("id");
      IMap<String, HazelcastJsonValue> sessions = ClusterNode.get(vertx).hazelcast().getMap(SessionApi.MAP);
      CompletionStage<Object> busy = sessions.submitToKey(id, new Busy());
      return rest.get("/api/sessions/" + id, alice)
        .compose(read -> io.vertx.core.Future.fromCompletionStage(busy).map(done -> read));
    }).onComplete(ctx.succeeding(read -> ctx.verify(() -> {
      assertEquals(200, read.statusCode(), read.bodyAsString());
      assertEquals("slow", read.bodyAsJsonObject().getString("title"));
      ctx.completeNow();
    })));
  }
}
