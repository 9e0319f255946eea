package io.switchboard.packaging;

import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deploy/cluster.sh}, as the README shows it: two jar processes joined with {@code -cluster}; a session
 * created through node 1 is read through node 2; {@code stop} ends both with SIGTERM.
 */
class ClusterScriptIT {

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void scriptStartsAClusterThatSharesSessionsAndStopsIt() throws Exception {
    File root = new File(System.getProperty("switchboard.root"));
    Path runDir = Files.createTempDirectory("switchboard-cluster");
    int base = TestNodes.freePort();
    while (base > 65000) {
      base = TestNodes.freePort();
    }
    String[] env = {
      "SWITCHBOARD_RUN_DIR=" + runDir,
      "SWITCHBOARD_BASE_PORT=" + base,
      "SWITCHBOARD_CLUSTER_NAME=it-" + UUID.randomUUID(),
      "SWITCHBOARD_JAR=" + System.getProperty("switchboard.jar"),
      "PATH=" + System.getenv("PATH"),
      "HOME=" + System.getProperty("user.home"),
    };
    Throwable failure = null;
    try {
      String started = run(root, env, "start", "2");
      assertTrue(started.contains("node 2 up"), started);
      String token = Http.devToken(base, "script-user");
      HttpResponse<String> created = Http.post(base, "/api/sessions", token, new JsonObject().put("title", "via node 1"));
      assertEquals(201, created.statusCode(), created.body());
      String id = new JsonObject(created.body()).getString("id");
      HttpResponse<String> read = Http.get(base + 10, "/api/sessions/" + id, token);
      assertEquals(200, read.statusCode(), read.body());
      assertEquals("via node 1", new JsonObject(read.body()).getString("title"));
      JsonObject health = new JsonObject(Http.get(base + 10, "/api/health", null).body());
      assertEquals(2, health.getJsonArray("members").size());
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      // The nodes are stopped whatever happened; a failure to stop them must not hide the failure that came first
      // (it is attached to it instead).
      try {
        String stopped = run(root, env, "stop");
        assertTrue(stopped.contains("stopped 2 node(s)"), stopped);
      } catch (Throwable stop) {
        if (failure == null) {
          throw stop;
        }
        failure.addSuppressed(stop);
      }
    }
  }

  private static String run(File root, String[] env, String... args) throws Exception {
    String[] cmd = new String[args.length + 2];
    cmd[0] = "bash";
    cmd[1] = new File(root, "deploy/cluster.sh").getPath();
    System.arraycopy(args, 0, cmd, 2, args.length);
    Process p = Runtime.getRuntime().exec(cmd, env, root);
    assertTrue(p.waitFor(150, TimeUnit.SECONDS), "cluster.sh " + String.join(" ", args) + " did not finish");
    String out = new String(p.getInputStream().readAllBytes()) + new String(p.getErrorStream().readAllBytes());
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
