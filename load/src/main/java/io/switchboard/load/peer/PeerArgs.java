package io.switchboard.load.peer;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} / {@code --name=value} arguments of the peer mains; unknown names are a usage error. */
final class PeerArgs {

  private final Map<String, String> values = new HashMap<>();

  PeerArgs(String[] args, String... known) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      int eq = a.indexOf('=');
      String name = eq > 0 ? a.substring(0, eq) : a;
      if (!java.util.List.of(known).contains(name)) {
        throw new IllegalArgumentException("unknown argument " + a + "; expected " + String.join(", ", known));
      }
      if (eq > 0) {
        values.put(name, a.substring(eq + 1));
      } else if (i + 1 < args.length) {
        values.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
    }
  }

  int integer(String name, int dflt) {
    String v = values.get(name);
    try {
      return v == null ? dflt : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs an integer, got '" + v + "'");
    }
  }

  String string(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  /** Prints the error and the usage and exits with status 2 (peer mains only). */
  static PeerArgs parseOrExit(String[] args, String usage, String... known) {
    try {
      return new PeerArgs(args, known);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(usage);
      System.exit(2);
      return null;
    }
  }
}
