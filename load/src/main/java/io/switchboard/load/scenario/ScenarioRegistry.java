package io.switchboard.load.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every scenario by name, in the order {@code suite} runs them. Add a scenario here and it is a subcommand. */
public final class ScenarioRegistry {

  private static final Map<String, Scenario> ALL = new LinkedHashMap<>();

  static {
    register(new ConnectScenario());
    register(new PingScenario());
    register(new FanoutScenario());
    register(new ThroughputScenario());
    register(new SendersScenario());
    register(new SaturateScenario());
    register(new WorkersScenario());
    register(new SizesScenario());
    register(new CapacityScenario());
    register(new ChurnScenario());
    register(new MixedScenario());
    register(new RestScenario());
    register(new McpScenario());
    register(new CollabScenario());
    register(new CollabCompareScenario());
    register(new CeilingScenario());
  }

  private ScenarioRegistry() {
  }

  private static void register(Scenario s) {
    ALL.put(s.name(), s);
  }

  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  public static Scenario get(String name) {
    Scenario s = ALL.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown scenario " + name);
    }
    return s;
  }
}
