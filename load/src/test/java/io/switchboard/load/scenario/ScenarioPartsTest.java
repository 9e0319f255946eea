package io.switchboard.load.scenario;

import io.switchboard.load.Options;
import io.switchboard.load.client.JsonFraming;
import io.switchboard.load.client.MsgPackFraming;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.Target;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of the scenarios that need no server: load patterns, message sizes, merging, worker hand-over. */
class ScenarioPartsTest {

  @Test
  void patternRates() {
    double d = 100, r = 1000;
    assertEquals(1000, LoadPattern.CONSTANT.rateAt(50, d, r), 1e-9);
    assertEquals(0, LoadPattern.RAMP.rateAt(0, d, r), 1e-9);
    assertEquals(500, LoadPattern.RAMP.rateAt(50, d, r), 1e-9);
    assertEquals(250, LoadPattern.SPIKE.rateAt(10, d, r), 1e-9);
    assertEquals(1250, LoadPattern.SPIKE.rateAt(50, d, r), 1e-9);
    assertEquals(250, LoadPattern.STEP.rateAt(10, d, r), 1e-9);
    assertEquals(500, LoadPattern.STEP.rateAt(30, d, r), 1e-9);
    assertEquals(750, LoadPattern.STEP.rateAt(60, d, r), 1e-9);
    assertEquals(1000, LoadPattern.STEP.rateAt(99.9, d, r), 1e-9);
    assertEquals(0, LoadPattern.CONSTANT.rateAt(100, d, r), 1e-9, "nothing after the end");
  }

  @Test
  void operationsAreTheIntegralOfTheRate() {
    double d = 20, r = 300;
    for (LoadPattern p : LoadPattern.values()) {
      double sum = 0, dt = 0.0005;
      for (double t = 0; t < d + 1; t += dt) {
        sum += p.rateAt(t + dt / 2, d, r) * dt;
        assertEquals(sum, p.operationsBy(t + dt, d, r), 1.0, p + " at " + t);
      }
    }
    assertEquals(r * d, LoadPattern.CONSTANT.operationsBy(d, d, r), 1e-6);
    assertEquals(r * d / 2, LoadPattern.RAMP.operationsBy(d, d, r), 1e-6);
    assertEquals(0.35 * r * d, LoadPattern.SPIKE.operationsBy(d, d, r), 1e-6);
    assertEquals(0.625 * r * d, LoadPattern.STEP.operationsBy(d, d, r), 1e-6);
    assertEquals(LoadPattern.SPIKE, LoadPattern.of("spike"));
  }

  @Test
  void publishFramesHaveExactlyTheRequestedJsonSize() {
    for (int size : List.of(93, 285, 1024, 4096, 16384, 65536)) {
      Messages m = Messages.ofSize("public.lt.abcd1234", size);
      for (long k : new long[] {0, 7, 0xffff_ffffL}) {
        for (long t : new long[] {0, 123_456_789_012L, -5, Long.MIN_VALUE}) {
          JsonObject publish = m.publish(k, t);
          assertEquals(size, Messages.jsonLength(publish), size + " B, k " + k + ", t " + t);
          JsonObject deliver = new JsonObject().put("type", "deliver").put("payload", publish.getValue("payload"));
          assertEquals(t, Messages.sentNanos(deliver));
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Messages.ofSize("public.lt.abcd1234", 91));
    assertEquals(null, Messages.sentNanos(new JsonObject().put("payload", new JsonObject())));
    assertEquals(null, Messages.sentNanos(new JsonObject().put("payload", "not-hex-at-all-!!")));
  }

  @Test
  void theWindowKeepsAMegabyteInFlightAtMost() {
    assertEquals(1000, SizesScenario.window(1000, 93));
    assertEquals(16, SizesScenario.window(1000, 65536));
    assertEquals(1, SizesScenario.window(1000, 4 * 1024 * 1024));
  }

  @Test
  void mixedProportions() {
    int[] counts = new int[128];
    for (long k = 0; k < 1000; k++) {
      counts[MixedScenario.kind(k)]++;
    }
    assertEquals(800, counts['p']);
    assertEquals(100, counts['i']);
    assertEquals(100, counts['s']);
  }

  @Test
  void mergedStatsAddHistogramsCountsAndTimelines() {
    Stats a = new Stats("x");
    Stats b = new Stats("x");
    a.start();
    b.start();
    for (int v = 1; v <= 500; v++) {
      a.recordMicros(v);
      b.recordMicros(v + 500);
    }
    a.bytes(100);
    b.bytes(50);
    b.error();
    a.window(2_000_000_000L);
    b.window(1_000_000_000L);
    Stats sum = new Stats("x");
    sum.merge(a.export());
    sum.merge(b.export());
    assertEquals(1000, sum.count());
    assertEquals(500, sum.percentile(50));
    assertEquals(1000, sum.max());
    assertEquals(150, sum.bytes());
    assertEquals(1, sum.errorCount());
    assertEquals(2.0, sum.seconds(), 1e-6, "side by side: the longer wall time");
    assertEquals(500.0, sum.rate(), 1e-6);
  }

  @Test
  void mergeKeepsTheCoordinatedOmissionCorrectionApart() {
    Stats w = new Stats("w");
    w.recordNanos(10_000_000, 1_000_000); // 10 ms at a 1 ms interval: 9 samples added by the correction
    Stats sum = new Stats("w");
    sum.merge(w.export());
    assertEquals(1, sum.count(), "counts are measurements, not corrected samples");
    assertEquals(10, sum.histogram().getTotalCount());
    assertTrue(sum.toJson().getBoolean("coordinatedOmissionCorrected"));
  }

  @Test
  void workersGetTheTargetAndTheirShareOfTheCommandLine() {
    Target t = new Target("relay", "http://127.0.0.1:9", "ws://127.0.0.1:9/ws", MsgPackFraming.INSTANCE, true, 42);
    Options o = Options.parse("workers", "--quick", "--senders", "10", "--workers", "3");
    List<String> args = WorkersScenario.args(t, o, 4);
    Options child = Options.parse(args.toArray(String[]::new));
    assertEquals("senders", child.command);
    assertEquals(4, child.senders);
    assertEquals(o.senderRate, child.senderRate);
    assertEquals(o.duration, child.duration);
    assertEquals("ws://127.0.0.1:9/ws", child.ws);
    Target back = WorkerSpec.target(WorkerSpec.of(args, t));
    assertEquals(t, back);
    assertSame(JsonFraming.PLAIN, WorkerSpec.framing(JsonFraming.class.getName(), WorkerSpec.constantName(JsonFraming.PLAIN)));
    assertTrue(WorkerSpec.of(args, t).encode().indexOf("token") < 0);
  }
}
