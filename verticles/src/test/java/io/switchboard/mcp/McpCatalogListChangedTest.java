package io.switchboard.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.support.HazelcastMembers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A catalog entry whose provider stopped re-registering leaves the listing when its TTL runs out; the listing that
 * sees it gone tells the node's sessions {@code list_changed} itself, without waiting for Hazelcast's expiration
 * event (here made to take an hour: the task that fires it runs that seldom), which after a crash came too late.
 */
@ExtendWith(VertxExtension.class)
class McpCatalogListChangedTest {

  private HazelcastInstance hz;

  @BeforeEach
  void member() {
    hz = HazelcastMembers.standalone(Map.of("hazelcast.internal.map.expiration.task.period.seconds", "3600"));
  }

  @AfterEach
  void stop() {
    hz.shutdown();
  }

  @Test
  void aListingThatNoLongerHoldsAnExpiredToolSaysTheListChanged(Vertx vertx) throws Exception {
    Catalog catalog = new Catalog(vertx, vertx.getOrCreateContext(), hz.getMap(McpApi.CATALOG));
    List<String> changed = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>localConsumer(McpApi.LIST_CHANGED, m -> changed.add(m.body().getString("kind")))
      .completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    JsonObject definition = new JsonObject().put("name", "short_lived").put("inputSchema", new JsonObject().put("type", "object"));
    await(catalog.register("provider-a", "tool", "short_lived", definition, "test.provider.a", 1));
    assertEquals(1, await(catalog.page("tool", null, "tools")).getJsonArray("tools").size());
    changed.clear(); // only what the listings publish counts here

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonObject page;
    do {
      Thread.sleep(200);
      page = await(catalog.page("tool", null, "tools"));
    } while (!page.getJsonArray("tools").isEmpty() && System.nanoTime() < deadline);
    assertTrue(page.getJsonArray("tools").isEmpty(), "the expired tool left the listing: " + page);
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (changed.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertEquals(List.of("tool"), changed);
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
