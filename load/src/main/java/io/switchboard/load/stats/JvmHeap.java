package io.switchboard.load.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a JVM server really uses, for memory per connection: {@code jcmd <pid> GC.run} (a full collection, so
 * garbage does not count), then {@code jcmd <pid> GC.heap_info}. A plain RSS difference says little for a JVM: its
 * heap is committed early and rarely returned. Blocking (runs two processes): call it from a worker.
 */
public final class JvmHeap {

  private static final long JCMD_SECONDS = 30;
  /** G1, Parallel and Serial all print the heap line as "... total NNNK, used NNNK ...". */
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private JvmHeap() {
  }

  /** Heap bytes in use after a full GC, or -1 when the process is not a JVM we may attach to (e.g. Node.js). */
  public static long usedAfterFullGc(long pid) {
    if (!isJava(pid)) {
      return -1; // never jcmd another process: attaching starts with SIGQUIT, which ends a Node.js server
    }
    try {
      if (run(pid, "GC.run") == null) {
        return -1;
      }
      String info = run(pid, "GC.heap_info");
      return info == null ? -1 : parseUsed(info);
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static boolean isJava(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().command())
        .map(command -> Path.of(command).getFileName().toString().equals("java"))
        .orElse(false);
  }

  static long parseUsed(String heapInfo) {
    Matcher m = USED.matcher(heapInfo);
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  private static String run(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(JCMD_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return null;
    }
    return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
  }
}
