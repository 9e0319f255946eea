package io.switchboard.mcp;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.switchboard.support.HazelcastMembers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link Catalog#get} reads an entry its member owns in place, which does not see Hazelcast's TTL: the entry's own
 * {@code expiresAt} must end it on time (a dead provider's tool is unknown after its TTL even before Hazelcast's
 * expiration task removed the record, every 5 s by sampling), an entry is parsed once while its text is unchanged,
 * and a changed entry is seen at once.
 */
@ExtendWith(VertxExtension.class)
class CatalogInPlaceReadTest {

  private static HazelcastInstance hz;
  private static IMap<String, HazelcastJsonValue> map;

  @BeforeAll
  static void start() {
    hz = HazelcastMembers.standalone();
    map = hz.getMap(McpApi.CATALOG);
  }

  @AfterAll
  static void stop() {
    HazelcastMembers.shutdown(hz);
  }

  @Test
  void anEntryEndsAtItsTtlAndIsParsedOncePerChange(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      Catalog catalog = new Catalog(vertx, vertx.getOrCreateContext(), map);
      JsonObject definition = new JsonObject().put("name", "t1").put("inputSchema", new JsonObject().put("type", "object"));
      catalog.register("node", "tool", "t1", definition, "addr.1", 1)
        .compose(x -> catalog.get("tool", "t1"))
        .compose(first -> catalog.get("tool", "t1").map(second -> {
          ctx.verify(() -> {
            assertNotNull(first);
            assertEquals("addr.1", first.getString("address"));
            assertSame(first, second, "the same text is not parsed again");
          });
          return first;
        }))
        .compose(first -> catalog.register("node", "tool", "t1", definition, "addr.2", 1)
          .compose(x -> catalog.get("tool", "t1"))
          .map(changed -> {
            ctx.verify(() -> assertEquals("addr.2", changed.getString("address"), "a re-registration is seen at once"));
            return changed;
          }))
        .compose(x -> {
          io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
          vertx.setTimer(1_300, t -> later.complete());
          return later.future();
        })
        .compose(x -> catalog.get("tool", "t1"))
        .onComplete(ctx.succeeding(expired -> ctx.verify(() -> {
          assertNull(expired, "past its TTL the tool is unknown");
          ctx.completeNow();
        })));
    });
  }
}
