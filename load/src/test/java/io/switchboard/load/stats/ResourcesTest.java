package io.switchboard.load.stats;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourcesTest {

  @Test
  void procStatCpuIsUtimePlusStimeCountedAfterTheCommandName() {
    // a command name with a space and a parenthesis; utime 250 and stime 50 ticks = 3 s
    String stat = "4242 (node (peer) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 1000 0 0";
    assertEquals(3_000_000_000L, Resources.parseStatCpuNanos(stat));
  }

  @Test
  void percentOfOneCore() {
    assertEquals(150.0, Resources.percent(3_000_000_000L, 2.0));
    assertEquals(0.0, Resources.percent(1, 0));
  }

  @Test
  void thisProcessIsMeasuredAsServerToo() {
    long self = ProcessHandle.current().pid();
    JsonObject j = Resources.start(self).stop();
    assertTrue(j.containsKey("clientCpuPercent"), j.encode());
    if (Resources.serverCpuNanos(self) >= 0) { // Linux
      assertEquals(self, j.getLong("serverPid"));
      assertTrue(j.getLong("serverRssBytes") > 0);
    }
    assertFalse(Resources.start(-1).stop().containsKey("serverPid"));
  }
}
