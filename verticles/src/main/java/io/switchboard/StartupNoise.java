package io.switchboard;

import java.util.List;

/**
 * Warnings the libraries print on every start that describe a choice, not a fault, and so are dropped from the log
 * (a new user reads each as a problem). Each entry says why it is not one. Real warnings of the same loggers pass.
 */
final class StartupNoise {

  private static final List<String> BENIGN = List.of(
    // Switchboard uses no CP data structure; Vert.x's cluster-wide locks run on Hazelcast's non-CP semaphores by
    // design (docs/configuration.md, "Clustering").
    "CP Subsystem is not enabled",
    // A standalone node (no -cluster) joins nobody on purpose.
    "No join method is enabled",
    // Vert.x registers its HTTP servers' connection gauge once per server instance; the first one is kept.
    "This Gauge has been already registered");

  private StartupNoise() {
  }

  static boolean benign(String message) {
    if (message == null) {
      return false;
    }
    for (String b : BENIGN) {
      if (message.contains(b)) {
        return true;
      }
    }
    return false;
  }
}
