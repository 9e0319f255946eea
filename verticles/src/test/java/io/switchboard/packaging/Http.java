package io.switchboard.packaging;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Blocking HTTP for tests that drive separate processes (no Vert.x in the test JVM needed). */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {
  }

  static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(int port, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
      .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(b.POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls {@code /api/health} until 200, for at most {@code seconds}; false if the process died first. */
  static boolean awaitHealthy(int port, Process process, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        return false;
      }
      try {
        if (get(port, "/api/health", null).statusCode() == 200) {
          return true;
        }
      } catch (Exception notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    return false;
  }

  static String devToken(int port, String sub) throws Exception {
    HttpResponse<String> r = post(port, "/api/auth/token", null,
      new JsonObject().put("sub", sub).put("roles", new io.vertx.core.json.JsonArray().add("user")));
    if (r.statusCode() != 200) {
      throw new AssertionError("token endpoint answered " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body()).getString("token");
  }
}
