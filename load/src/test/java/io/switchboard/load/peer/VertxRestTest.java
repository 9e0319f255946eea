package io.switchboard.load.peer;

import io.switchboard.load.Main;
import io.switchboard.load.Options;
import io.switchboard.load.scenario.RunContext;
import io.switchboard.load.scenario.ScenarioRegistry;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.Target;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST ceiling in this JVM, driven by the real {@code rest} scenario over loopback, and its paging alone. */
class VertxRestTest {

  private static VertxRest rest;
  private static Vertx client;
  private static Context ctx;

  @BeforeAll
  static void start() throws Exception {
    rest = VertxRest.start("127.0.0.1", 0, 2).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    ctx = client.getOrCreateContext();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    rest.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyOperationIsMeasuredAloneAndListingAtEachCount() throws Exception {
    Options o = Options.parse(new String[] {"rest", "--http-clients", "2", "--rest-seconds", "1",
        "--list-sessions", "10,60", "--page-size", "7", "--max-seconds", "10"});
    Target t = new Target("vertx-rest",
        "http://127.0.0.1:" + rest.port(), null, null, false, -1);
    RunContext rc = new RunContext(client, o, null, t);
    ScenarioResult r = Main.await(ctx, () -> ScenarioRegistry.get("rest").run(rc), 60);
    assertEquals(0, r.errors(), r.errorSamples().toString());
    assertFalse(r.truncated());
    List<String> names = r.stats().stream().map(Stats::name).toList();
    assertEquals(List.of("create", "get", "update", "delete", "list (10 sessions)", "list (60 sessions)"), names);
    for (Stats s : r.stats()) {
      assertTrue(s.count() > 0, s.name() + " measured nothing");
    }
  }

  @Test
  void pagesVisitEverySessionOnceOldestFirst() {
    RestStore store = new RestStore();
    Set<String> made = new HashSet<>();
    for (int i = 0; i < 45; i++) {
      made.add(store.create("s" + i, 60).getString("id"));
    }
    Set<String> seen = new HashSet<>();
    RestStore.Key after = null;
    int pages = 0;
    while (true) {
      JsonObject page = store.page(after, 10);
      page.getJsonArray("items").forEach(item -> assertTrue(seen.add(((JsonObject) item).getString("id"))));
      pages++;
      String next = page.getString("nextCursor");
      if (next == null) {
        break;
      }
      after = RestStore.Key.fromCursor(next);
    }
    assertEquals(made, seen);
    assertEquals(5, pages);
    assertNull(RestStore.Key.fromCursor("not a cursor!"));
  }
}
