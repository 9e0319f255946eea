package io.switchboard.load.peer;

import io.switchboard.load.Main;
import io.switchboard.load.Options;
import io.switchboard.load.client.JsonFraming;
import io.switchboard.load.scenario.RunContext;
import io.switchboard.load.scenario.ScenarioRegistry;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.target.Target;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The raw Vert.x relay in this JVM, driven by the real scenarios over loopback: the relay subset works end to end. */
class VertxRelayTest {

  private static VertxRelay relay;
  private static Vertx client;
  private static Context ctx;

  @BeforeAll
  static void start() throws Exception {
    relay = VertxRelay.start("127.0.0.1", 0, 2).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    ctx = client.getOrCreateContext();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    relay.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ScenarioResult run(String scenario, String... args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = scenario;
    System.arraycopy(args, 0, all, 1, args.length);
    Options o = Options.parse(all);
    Target t = new Target("vertx-relay", null, "ws://127.0.0.1:" + relay.port() + "/", JsonFraming.PLAIN, false, -1);
    RunContext rc = new RunContext(client, o, null, t);
    return Main.await(ctx, () -> ScenarioRegistry.get(scenario).run(rc), 30);
  }

  @Test
  void pingRoundTrips() throws Exception {
    ScenarioResult r = run("ping", "--pings", "300", "--max-seconds", "5");
    assertEquals(0, r.errors(), r.errorSamples().toString());
    assertEquals(300, r.stats().get(0).count());
    assertFalse(r.truncated());
  }

  @Test
  void fanoutDeliversEveryMessageInSeqOrder() throws Exception {
    ScenarioResult r = run("fanout", "--subscribers", "5", "--messages", "40", "--rate", "400", "--max-seconds", "5");
    assertEquals(0, r.errors(), r.errorSamples().toString());
    assertEquals(200, r.stats().get(0).count());
    assertEquals(40, r.stats().get(2).count(), "one ack per publish");
  }
}
