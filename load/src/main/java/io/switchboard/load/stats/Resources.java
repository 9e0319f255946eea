package io.switchboard.load.stats;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used by the load generator (this JVM, from {@code com.sun.management.OperatingSystemMXBean}) and by a
 * server process the tool launched (from {@code /proc/<pid>/stat}, Linux only), over one scenario, plus the
 * server's resident memory at its end. Percentages are of one core: {@code cores × 100} is the whole machine.
 * Reading them costs a few microseconds, twice per scenario.
 */
public final class Resources {

  /** Linux's USER_HZ, the unit of utime/stime in /proc/<pid>/stat: 100 on every mainstream kernel build. */
  static final long CLOCK_TICKS_PER_SECOND = 100;

  private final java.util.List<Long> pids;
  private final long wallStart;
  private final long clientCpuStart;
  private final long serverCpuStart;

  private Resources(java.util.List<Long> pids) {
    this.pids = pids;
    this.wallStart = System.nanoTime();
    this.clientCpuStart = clientCpuNanos();
    this.serverCpuStart = serverCpuNanos(pids);
  }

  /** Starts measuring; pid of the server, or -1 when it is unknown (then only the client is measured). */
  public static Resources start(long pid) {
    return new Resources(pid > 0 ? java.util.List.of(pid) : java.util.List.of());
  }

  /** The same for a server of several processes (a cluster): their CPU and resident memory are summed. */
  public static Resources start(java.util.List<Long> pids) {
    return new Resources(pids);
  }

  /** What was used since {@link #start}. */
  public JsonObject stop() {
    double wall = (System.nanoTime() - wallStart) / 1e9;
    long client = clientCpuNanos();
    JsonObject j = new JsonObject()
        .put("wallSeconds", Stats.round(wall, 3))
        .put("cores", Runtime.getRuntime().availableProcessors());
    if (client >= 0 && clientCpuStart >= 0) {
      j.put("clientCpuSeconds", Stats.round((client - clientCpuStart) / 1e9, 3))
          .put("clientCpuPercent", percent(client - clientCpuStart, wall));
    }
    long server = serverCpuNanos(pids);
    if (server >= 0 && serverCpuStart >= 0) {
      j.put("serverPid", pids.get(0));
      if (pids.size() > 1) {
        j.put("serverPids", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(pids)));
      }
      j.put("serverCpuSeconds", Stats.round((server - serverCpuStart) / 1e9, 3))
          .put("serverCpuPercent", percent(server - serverCpuStart, wall));
      long rss = 0;
      for (long pid : pids) {
        long one = serverRssBytes(pid);
        rss = one < 0 || rss < 0 ? -1 : rss + one;
      }
      if (rss >= 0) {
        j.put("serverRssBytes", rss);
      }
    }
    return j;
  }

  static double percent(long cpuNanos, double wallSeconds) {
    return wallSeconds > 0 ? Stats.round(cpuNanos / 1e9 / wallSeconds * 100, 1) : 0;
  }

  /** CPU time of this JVM (all threads), or -1 where the platform does not say. */
  public static long clientCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** utime + stime of these processes together, or -1 (none given, or one unknown). */
  public static long serverCpuNanos(java.util.List<Long> pids) {
    return sum(pids, Resources::serverCpuNanos);
  }

  /**
   * A figure of a server of one or several processes (a cluster's nodes): {@code each}'s value summed over
   * {@code pids}, or -1 when none is given or one is unknown (-1).
   */
  public static long sum(java.util.List<Long> pids, java.util.function.LongUnaryOperator each) {
    long sum = 0;
    for (long pid : pids) {
      long one = each.applyAsLong(pid);
      if (one < 0) {
        return -1;
      }
      sum += one;
    }
    return pids.isEmpty() ? -1 : sum;
  }

  /** utime + stime of a process, or -1 (no such process, not Linux, pid unknown). */
  public static long serverCpuNanos(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      return parseStatCpuNanos(Files.readString(Path.of("/proc/" + pid + "/stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Fields 14 and 15 (utime, stime, in clock ticks) of a /proc/<pid>/stat line; counted after the command name's
   * closing parenthesis, since the name itself may contain spaces and parentheses.
   */
  static long parseStatCpuNanos(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3]
    long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
  }

  /** VmRSS of a process in bytes, or -1. */
  public static long serverRssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return -1;
  }
}
