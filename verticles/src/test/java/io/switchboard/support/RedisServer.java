package io.switchboard.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process for a test, on a free loopback port, in its own temporary directory, with no
 * persistence ({@code --save '' --appendonly no}) unless asked. {@link #kill()} is SIGKILL (what an outage looks
 * like), {@link #restart()} starts it again on the same port, {@link #stop()} kills it and removes the directory:
 * call it in {@code @AfterEach}/{@code @AfterAll}.
 * <p>
 * Without {@code redis-server} on the PATH (or at /usr/bin): with {@code CI=true} the test fails with a clear
 * message, otherwise it is aborted (reported as skipped) and the reason printed to stderr.
 */
public final class RedisServer implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 10_000;

  private final String binary;
  private final int port;
  private final Path dir;
  private final boolean persistent;
  private Process process;

  private RedisServer(String binary, int port, Path dir, boolean persistent) {
    this.binary = binary;
    this.port = port;
    this.dir = dir;
    this.persistent = persistent;
  }

  /** A started server without persistence. */
  public static RedisServer start() {
    return start(false);
  }

  /** A started server; {@code persistent}: append-only file in its directory, so a restart keeps the data. */
  public static RedisServer start(boolean persistent) {
    String binary = find();
    try {
      RedisServer server = new RedisServer(binary, TestNodes.freePort(), Files.createTempDirectory("redis-test"), persistent);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a directory for redis-server", e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** SIGKILL: connections drop at once, nothing is flushed. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts the server again on the same port (after {@link #kill()}); waits for PING. */
  public void restart() {
    kill();
    launch();
  }

  /** Kills the process and removes its directory. */
  public void stop() {
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Sends one command with a plain socket (RESP) and returns the raw reply: for checks independent of the node. */
  public String command(String... args) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readReply(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException("redis command " + String.join(" ", args) + " failed: " + e.getMessage(), e);
    }
  }

  /** An integer reply ({@code :n}) as a long. */
  public long integer(String... args) {
    String reply = command(args);
    if (!reply.startsWith(":")) {
      throw new IllegalStateException("expected an integer reply to " + String.join(" ", args) + ", got " + reply);
    }
    return Long.parseLong(reply.substring(1).trim());
  }

  // Reads one complete reply (simple types, bulk strings and nested arrays) and returns it as text.
  private static String readReply(InputStream in) throws IOException {
    String line = readLine(in);
    switch (line.charAt(0)) {
      case '$' -> {
        int n = Integer.parseInt(line.substring(1));
        if (n < 0) {
          return "$-1";
        }
        byte[] data = in.readNBytes(n + 2);
        return new String(data, 0, n, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int n = Integer.parseInt(line.substring(1));
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(readReply(in));
        }
        return items.toString();
      }
      default -> {
        return line;
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    if (c == -1 && sb.isEmpty()) {
      throw new IOException("connection closed");
    }
    return sb.toString();
  }

  private void launch() {
    List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
      "--dir", dir.toString(), "--save", "", "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning"));
    cmd.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + binary, e);
    }
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      try {
        if ("+PONG".equals(command("PING"))) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // not listening yet
      }
      if (!process.isAlive()) {
        break;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    kill();
    throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
      + START_TIMEOUT_MS + " ms (log: " + dir.resolve("redis.log") + ")");
  }

  private static String find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server"))) {
        return Path.of(dir, "redis-server").toString();
      }
    }
    if (Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
      return "/usr/bin/redis-server";
    }
    String message = "redis-server is not installed (apt-get install redis-server; .ci/run does it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      return Assertions.fail(message + " (CI=true: failing instead of skipping)");
    }
    System.err.println("*** SKIPPING: " + message + " (set CI=true to make this a failure)");
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }
}
