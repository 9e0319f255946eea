package io.switchboard.load.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmHeapTest {

  @Test
  void readsTheUsedHeapOfGcHeapInfo() {
    String g1 = "12345:\n garbage-first heap   total 1040384K, used 301790K [0x0000000687400000, 0x0000000800000000)\n"
        + "  region size 4096K, 1 young (4096K), 0 survivors (0K)\n Metaspace       used 30123K, committed 30464K\n";
    assertEquals(301790L * 1024, JvmHeap.parseUsed(g1));
    assertEquals(-1, JvmHeap.parseUsed("12345:\nCommand executed successfully\n"));
  }

  @Test
  void measuresThisJvmAndRefusesWhatIsNoJvm() {
    long self = JvmHeap.usedAfterFullGc(ProcessHandle.current().pid());
    assertTrue(self > 0, "this test's own JVM: " + self);
    assertEquals(-1, JvmHeap.usedAfterFullGc(Long.MAX_VALUE - 1), "no such process");
  }

  @Test
  void neverSignalsAProcessThatIsNoJvm() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      assertEquals(-1, JvmHeap.usedAfterFullGc(sleeper.pid()));
      assertTrue(sleeper.isAlive(), "jcmd's SIGQUIT would have ended it");
    } finally {
      sleeper.destroyForcibly();
    }
  }
}
