package io.switchboard.http;

import io.switchboard.support.RunningNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow-header and idle connections do not stay open on the REST port nor on the WebSocket port: a connection that has
 * not sent its first request's headers within {@code http.header-timeout-seconds} gets 408 and is closed (an
 * adversarial run held 1,000 slow-header connections on the HTTP port and 500 on the WebSocket port for 30 s).
 */
class SlowClientsTest {

  private static RunningNode node;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject().put(HttpVerticle.HEADER_TIMEOUT_SECONDS, 1));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  /** What the server sent until it closed, or fails if it did not close within {@code ms}. */
  private static String answerUntilClosed(Socket socket, int ms) throws Exception {
    socket.setSoTimeout(ms);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    try {
      int b;
      while ((b = in.read()) >= 0) {
        got.write(b);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + ms + " ms; got: " + got.toString(StandardCharsets.US_ASCII));
    } catch (java.io.IOException reset) {
      // closed by reset
    }
    return got.toString(StandardCharsets.US_ASCII);
  }

  private static void slowHeaders(int port) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
      long start = System.currentTimeMillis();
      Thread.sleep(500);
      socket.getOutputStream().write("b".getBytes(StandardCharsets.US_ASCII)); // still trickling: not idle
      String answer = answerUntilClosed(socket, 5000);
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(System.currentTimeMillis() - start < 4000);
    }
  }

  @Test
  void slowHeadersAreCutOffOnTheRestPort() throws Exception {
    slowHeaders(node.config.getInteger("http.port"));
  }

  @Test
  void slowHeadersAreCutOffOnTheWebSocketPort() throws Exception {
    slowHeaders(node.config.getInteger("ws.port"));
  }

  @Test
  void silentConnectionsAreClosed() throws Exception {
    for (int port : new int[]{node.config.getInteger("http.port"), node.config.getInteger("ws.port")}) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        answerUntilClosed(socket, 5000);
      }
    }
  }

  @Test
  void aPromptRequestOnAKeptAliveConnectionIsServed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.config.getInteger("http.port"))) {
      socket.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(5000);
      byte[] head = new byte[12];
      int n = socket.getInputStream().readNBytes(head, 0, 12);
      assertTrue(new String(head, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
      Thread.sleep(1500); // past the header timeout: the first request disarmed it
      socket.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String rest = new String(socket.getInputStream().readNBytes(2000), StandardCharsets.US_ASCII);
      assertTrue(rest.contains("HTTP/1.1 200"), rest);
    } catch (SocketTimeoutException e) {
      // readNBytes(2000) waits for 2000 bytes; the two answers are shorter: a timeout after both is fine
    }
  }
}
