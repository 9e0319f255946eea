package io.switchboard.load.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The open-files limit of a process, read from {@code /proc/<pid>/limits} (Linux): every connection is a file
 * descriptor, on the client and on the server, so this limit caps the connections a scenario can open.
 */
public final class ProcessLimits {

  /** Descriptors a JVM needs besides connections (jars, logs, epoll, pipes): kept free by the scenarios. */
  public static final int RESERVED_FILES = 200;

  private ProcessLimits() {
  }

  /** This process's soft limit on open files, or -1 when unknown (not Linux). */
  public static long openFiles() {
    return openFiles(ProcessHandle.current().pid());
  }

  public static long openFiles(long pid) {
    try {
      return parseOpenFiles(Files.readString(Path.of("/proc/" + pid + "/limits")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The soft "Max open files" from the text of a {@code /proc/<pid>/limits} file, -1 if absent or unlimited. */
  static long parseOpenFiles(String limits) {
    for (String line : limits.split("\n")) {
      if (line.startsWith("Max open files")) {
        String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
        return parts[0].equals("unlimited") ? -1 : Long.parseLong(parts[0]);
      }
    }
    return -1;
  }

  /** VmRSS of a process in bytes from {@code /proc/<pid>/status}, or -1 when it cannot be read. */
  public static long residentBytes(long pid) {
    try {
      return parseResidentBytes(Files.readString(Path.of("/proc/" + pid + "/status")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long parseResidentBytes(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024; // the kernel writes kB
      }
    }
    return -1;
  }
}
