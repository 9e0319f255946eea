package io.switchboard.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The wiring of the offline commands and output options into the command line (no server). */
class MainCommandsTest {

  @Test
  void offlineCommandsAreDispatchedBeforeScenarioParsing() {
    assertEquals(2, Main.run(new String[] {"compare"}), "usage error");
    assertEquals(2, Main.run(new String[] {"report", "/nonexistent/r.json"}));
    assertEquals(2, Main.run(new String[] {"baseline", "save", "/nonexistent/r.json"}));
  }

  @Test
  void outputOptions() {
    Options o = Options.parse("ping", "--html", "r.html", "--save-baseline=b.json");
    assertEquals("r.html", o.html);
    assertEquals("b.json", o.saveBaseline);
  }
}
