package io.switchboard.load.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a run measured on: cores, JVM heap, total memory, CPU model, load average, JVM and OS. The Linux
 * details come from /proc; elsewhere they are left out rather than guessed. The load average is read at the
 * start and again at the end, so a reader can see whether something else was busy on the machine.
 */
public final class Machine {

  private Machine() {
  }

  public static JsonObject describe() {
    Runtime rt = Runtime.getRuntime();
    JsonObject m = new JsonObject()
        .put("cores", rt.availableProcessors())
        .put("maxMemoryBytes", rt.maxMemory());
    Long total = totalMemoryBytes(read("/proc/meminfo"));
    if (total != null) {
      m.put("totalMemoryBytes", total);
    }
    String cpu = cpuModel(read("/proc/cpuinfo"));
    if (cpu != null) {
      m.put("cpuModel", cpu);
    }
    JsonArray load = loadAverage();
    if (load != null) {
      m.put("loadAverageStart", load);
    }
    String host = firstLine(read("/proc/sys/kernel/hostname"));
    if (host != null) {
      m.put("hostname", host);
    }
    return m
        .put("jvm", new JsonObject()
            .put("version", System.getProperty("java.version"))
            .put("vendor", System.getProperty("java.vendor"))
            .put("vm", System.getProperty("java.vm.name")))
        .put("os", new JsonObject()
            .put("name", System.getProperty("os.name"))
            .put("version", System.getProperty("os.version"))
            .put("arch", System.getProperty("os.arch")));
  }

  /** Adds the load average at the end of the run (once; a machine that already has it is left alone). */
  public static JsonObject atEnd(JsonObject machine) {
    JsonObject m = machine.copy();
    JsonArray load = loadAverage();
    if (load != null && !m.containsKey("loadAverageEnd")) {
      m.put("loadAverageEnd", load);
    }
    return m;
  }

  /** 1, 5 and 15 minute load averages, or null where /proc/loadavg does not exist. */
  static JsonArray loadAverage() {
    String line = firstLine(read("/proc/loadavg"));
    if (line == null) {
      return null;
    }
    String[] f = line.trim().split("\\s+");
    try {
      return new JsonArray(List.of(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code MemTotal:  24684084 kB} → bytes. */
  static Long totalMemoryBytes(String meminfo) {
    if (meminfo == null) {
      return null;
    }
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        String[] f = line.substring(9).trim().split("\\s+");
        try {
          long kb = Long.parseLong(f[0]);
          return f.length > 1 && f[1].equalsIgnoreCase("kB") ? kb * 1024 : kb;
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The first {@code model name} (x86) or {@code Model}/{@code Hardware} (ARM) line of /proc/cpuinfo. */
  static String cpuModel(String cpuinfo) {
    if (cpuinfo == null) {
      return null;
    }
    String fallback = null;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (key.equals("model name") && !value.isEmpty()) {
        return value;
      }
      if ((key.equals("hardware") || key.equals("model")) && fallback == null && !value.matches("\\d+")) {
        fallback = value;
      }
    }
    return fallback;
  }

  /** One line for the console. */
  public static String line(JsonObject m) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "machine: %d cores", m.getInteger("cores")));
    if (m.getString("cpuModel") != null) {
      sb.append(" (").append(m.getString("cpuModel")).append(')');
    }
    if (m.getLong("totalMemoryBytes") != null) {
      sb.append(String.format(Locale.ROOT, ", %d MiB memory", m.getLong("totalMemoryBytes") / (1024 * 1024)));
    }
    sb.append(String.format(Locale.ROOT, ", max heap %d MiB", m.getLong("maxMemoryBytes", 0L) / (1024 * 1024)));
    JsonObject jvm = m.getJsonObject("jvm", new JsonObject());
    JsonObject os = m.getJsonObject("os", new JsonObject());
    sb.append(String.format(Locale.ROOT, ", Java %s (%s), %s %s %s", jvm.getString("version"), jvm.getString("vm"),
        os.getString("name"), os.getString("version"), os.getString("arch")));
    if (m.getJsonArray("loadAverageStart") != null) {
      sb.append(", load average ").append(loads(m.getJsonArray("loadAverageStart")));
      if (m.getJsonArray("loadAverageEnd") != null) {
        sb.append(" at start, ").append(loads(m.getJsonArray("loadAverageEnd"))).append(" at end");
      }
    }
    return sb.toString();
  }

  private static String loads(JsonArray a) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < a.size(); i++) {
      sb.append(i > 0 ? " " : "").append(a.getValue(i));
    }
    return sb.toString();
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return null; // not Linux, or not readable: the field is left out
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return null;
    }
    String line = text.strip().split("\n", 2)[0].strip();
    return line.isEmpty() ? null : line;
  }
}
