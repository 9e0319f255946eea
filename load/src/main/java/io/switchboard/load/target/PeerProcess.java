package io.switchboard.load.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server process the tool started: its output is read on a daemon thread (so a chatty server never blocks on a
 * full pipe), the last lines are kept for error messages, and its {@code listening <port>} line completes
 * {@link #port()}. {@link #stop} sends SIGTERM, then kills after a bound.
 */
public final class PeerProcess {

  /** {@code listening 1234}, or the TS SDK example's {@code ... listening on port 1234}. */
  static final Pattern LISTENING = Pattern.compile("\\blistening\\b\\D*(\\d+)\\s*$");
  private static final int TAIL_LINES = 30;

  private final String name;
  private final List<String> command;
  private final Process process;
  private final Deque<String> tail = new ArrayDeque<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private PeerProcess(String name, List<String> command, Process process) {
    this.name = name;
    this.command = command;
    this.process = process;
  }

  /** Starts the command with stderr merged into stdout; extra environment variables on top of this JVM's. */
  public static PeerProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    PeerProcess p = new PeerProcess(name, command, pb.start());
    Thread reader = new Thread(p::readOutput, "output-" + name);
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  /** The port from the {@code listening} line, or a failure when the process ended before printing it. */
  public int awaitListening(long seconds) throws Exception {
    try {
      return port.get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(name + " printed no 'listening <port>' line within " + seconds + " s; last output:\n"
          + tail());
    }
  }

  private void readOutput() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (!port.isDone() && m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
    port.completeExceptionally(new IllegalStateException(name + " ended (exit " + exitCode() + ") before listening; last output:\n" + tail()));
  }

  private String exitCode() {
    try {
      return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The last lines the process printed. */
  public String tail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  /** The first line that names a version, e.g. {@code node-ws: ws 8.23.0 on Node v20.20.2}; null if none. */
  public String versionLine() {
    synchronized (tail) {
      return tail.stream().filter(l -> l.startsWith(name + ":")).findFirst().map(l -> l.substring(name.length() + 1).trim())
          .orElse(null);
    }
  }

  public String name() {
    return name;
  }

  public List<String> command() {
    return command;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM to the process (and anything it started), then a kill after {@code graceSeconds}. */
  public void stop(long graceSeconds) {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
