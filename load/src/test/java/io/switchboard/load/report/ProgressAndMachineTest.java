package io.switchboard.load.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProgressAndMachineTest {

  private static final long S = 1_000_000_000L;

  @Test
  void countLinesGetAnEtaAndAreRateLimited() {
    assertEquals("[ping +1.0s] 500/2000 round trips, ETA 3s",
        Progress.format("ping", "500/2000 round trips", S, Long.MAX_VALUE));
    assertNull(Progress.format("ping", "1000/2000 round trips", 2 * S, S), "within 3 s of the last count line");
    assertEquals("[ping +2.0s] 2000/2000 round trips", Progress.format("ping", "2000/2000 round trips", 2 * S, S),
        "the last one always prints");
    assertEquals("[fanout +0.5s] publishing 100 messages", Progress.format("fanout", "publishing 100 messages",
        S / 2, 0), "milestones always print");
  }

  @Test
  void procFilesAreParsed() {
    assertEquals(24684084L * 1024, Machine.totalMemoryBytes("MemTotal:       24684084 kB\nMemFree: 1 kB\n"));
    assertNull(Machine.totalMemoryBytes("nothing here"));
    assertEquals("AMD EPYC 7B13", Machine.cpuModel("processor\t: 0\nmodel\t\t: 17\nmodel name\t: AMD EPYC 7B13\n"));
    assertEquals("Raspberry Pi 4 Model B", Machine.cpuModel("processor : 0\nModel : Raspberry Pi 4 Model B\n"));
    assertNull(Machine.cpuModel(null));
  }
}
