package io.switchboard.load.suite;

import io.switchboard.load.scenario.Scenario;
import io.switchboard.load.scenario.ScenarioRegistry;
import io.switchboard.load.target.TargetKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteRunnerTest {

  @Test
  void relayScenariosRunAgainstEveryWebSocketTargetButNotTheHttpOnlyPeers() {
    Scenario ping = ScenarioRegistry.get("ping");
    for (TargetKind k : TargetKind.values()) {
      assertTrue(SuiteRunner.runs(ping, SuiteRunner.preview(k)) != (k.httpOnly || k.editingOnly()), k.id);
    }
  }

  @Test
  void aScenarioThatDeclaresSupportDecidesItself() {
    assertFalse(SuiteRunner.declaresSupports(ScenarioRegistry.get("ping")));
    assertTrue(SuiteRunner.declaresSupports(ScenarioRegistry.get("ceiling")));
    assertTrue(SuiteRunner.runs(ScenarioRegistry.get("ceiling"), SuiteRunner.preview(TargetKind.VERTX_RELAY)));
    assertFalse(SuiteRunner.runs(ScenarioRegistry.get("ceiling"), SuiteRunner.preview(TargetKind.MCP_JAVA)));
  }

  @Test
  void restRunsAgainstSwitchboardAndTheRestCeilingOnly() {
    Scenario rest = ScenarioRegistry.get("rest");
    for (TargetKind k : TargetKind.values()) {
      boolean expected = k == TargetKind.SWITCHBOARD || k == TargetKind.SWITCHBOARD_CLUSTER || k == TargetKind.VERTX_REST;
      assertTrue(SuiteRunner.runs(rest, SuiteRunner.preview(k)) == expected, k.id);
    }
    assertFalse(SuiteRunner.runs(ScenarioRegistry.get("mcp"), SuiteRunner.preview(TargetKind.VERTX_REST)));
  }

  @Test
  void collabRunsAgainstSwitchboardShareDbAndHocuspocusWhichRunNothingElse() {
    for (TargetKind k : TargetKind.values()) {
      boolean expected = k == TargetKind.SWITCHBOARD || k == TargetKind.SWITCHBOARD_CLUSTER || k == TargetKind.SHAREDB
          || k == TargetKind.HOCUSPOCUS;
      assertTrue(SuiteRunner.runs(ScenarioRegistry.get("collab"), SuiteRunner.preview(k)) == expected, k.id);
    }
    for (String name : ScenarioRegistry.names()) {
      if (!name.equals("collab")) {
        assertFalse(SuiteRunner.runs(ScenarioRegistry.get(name), SuiteRunner.preview(TargetKind.SHAREDB)), name);
        assertFalse(SuiteRunner.runs(ScenarioRegistry.get(name), SuiteRunner.preview(TargetKind.HOCUSPOCUS)), name);
      }
    }
  }
}
