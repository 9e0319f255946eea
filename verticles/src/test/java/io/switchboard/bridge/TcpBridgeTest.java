package io.switchboard.bridge;

import io.switchboard.config.ConfigLoader;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP event-bus bridge over raw frames: authentication (login frame, token in a frame header), the guard's
 * refusals (unauthenticated, an address outside the bridge's API, another user's provider namespace), with the
 * bridge's err frame and an audit entry; the frame size limit, the idle timeout, TLS; and the SockJS bridge over its
 * raw WebSocket endpoint with the cookie token.
 */
class TcpBridgeTest {

  private static Vertx vertx;
  private static Tokens tokens;
  private static int httpPort;
  private static int bridgePort;
  private static Path audit;
  private static JsonObject config;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx, TestNodes.SECRET);
    httpPort = TestNodes.freePort();
    audit = Files.createTempFile("bridge-audit", ".jsonl");
    config = TestNodes.config(httpPort).put("audit.file", audit.toString());
    bridgePort = config.getInteger("bridge.tcp.port");
    await(TestNodes.deploy(vertx, config));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static JsonObject login(TcpFrames c, String sub) throws Exception {
    JsonObject reply = c.request(BridgeAddresses.LOGIN, new JsonObject().put("token", tokens.token(sub, "user")), null);
    assertEquals("message", reply.getString("type"), reply.encode());
    return reply.getJsonObject("body");
  }

  @Test
  void unauthenticatedSendIsRefused() throws Exception {
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      JsonObject reply = c.request(BridgeAddresses.PUBLISH, new JsonObject().put("topic", "public.x").put("payload", 1), null);
      assertEquals("err", reply.getString("type"), reply.encode());
      reply = c.request("switchboard.sessions", new JsonObject(), new JsonObject().put("action", "list"));
      assertEquals("err", reply.getString("type"), reply.encode());
      reply = c.request(BridgeAddresses.LOGIN, new JsonObject().put("token", "not-a-token"), null);
      assertEquals("err", reply.getString("type"), reply.encode());
    }
  }

  @Test
  void loginFrameThenPublishAndSubscribe() throws Exception {
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      assertEquals("alice", login(c, "alice").getString("user"));
      c.write(new JsonObject().put("type", "register").put("address", BridgeAddresses.TOPIC_PREFIX + "public.tcp"));
      c.write(new JsonObject().put("type", "send").put("address", BridgeAddresses.PUBLISH).put("replyAddress", "p1")
        .put("body", new JsonObject().put("topic", "public.tcp").put("payload", new JsonObject().put("n", 1))));
      JsonObject ack = c.read();
      // The delivery may overtake the publish reply: take frames until both are seen.
      JsonObject deliver = null;
      JsonObject reply = null;
      JsonObject m = ack;
      while (true) {
        if (m.getString("address", "").startsWith(BridgeAddresses.TOPIC_PREFIX)) {
          deliver = m.getJsonObject("body");
        } else {
          assertEquals("message", m.getString("type"), m.encode());
          reply = m.getJsonObject("body");
        }
        if (reply != null && deliver != null) {
          break;
        }
        m = c.read();
      }
      assertEquals("public.tcp", reply.getString("topic"));
      assertNotNull(reply.getValue("seq"));
      assertEquals("deliver", deliver.getString("type"), deliver.encode());
      assertEquals(1, deliver.getJsonObject("payload").getInteger("n"));
    }
  }

  @Test
  void tokenInFrameHeaderWorks() throws Exception {
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      JsonObject reply = c.request("switchboard.sessions", new JsonObject(), new JsonObject().put("action", "list")
        .put("authorization", "Bearer " + tokens.token("carol", "user")));
      assertEquals("message", reply.getString("type"), reply.encode());
      assertTrue(reply.getJsonObject("body").getValue("items") instanceof JsonArray, reply.encode());
      // The connection is now authenticated.
      reply = c.request(BridgeAddresses.PUBLISH, new JsonObject().put("topic", "user.carol.notes").put("payload", "x"), null);
      assertEquals("message", reply.getString("type"), reply.encode());
    }
  }

  @Test
  void deniedAddressGetsErrAndIsAudited() throws Exception {
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      login(c, "dave");
      JsonObject reply = c.request("switchboard.bridge.nowhere", new JsonObject(), null);
      assertEquals("err", reply.getString("type"), reply.encode());
      reply = c.request(BridgeAddresses.PUBLISH, new JsonObject().put("topic", "user.erin.private").put("payload", 1), null);
      assertEquals("err", reply.getString("type"), reply.encode());
      // Outside the bridge's inbound list altogether: refused by the bridge itself.
      c.write(new JsonObject().put("type", "send").put("address", "switchboard.security.audit").put("body", new JsonObject()));
      assertEquals("err", c.read().getString("type"));
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      String lines = Files.readString(audit);
      if (lines.contains("\"address\":\"switchboard.bridge.nowhere\"") && lines.contains("\"transport\":\"tcp\"")) {
        break;
      }
      assertTrue(System.currentTimeMillis() < deadline, "no audit entry for the denied address:\n" + lines);
      Thread.sleep(100);
    }
  }

  @Test
  void anotherUsersProviderNamespaceIsRefused() throws Exception {
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      login(c, "frank");
      JsonObject entry = new JsonObject().put("action", "register").put("kind", "tool").put("name", "stolen")
        .put("definition", new JsonObject().put("name", "stolen")).put("address", BridgeAddresses.PROVIDER_PREFIX + "grace.stolen");
      assertEquals("err", c.request("switchboard.mcp.registry", entry, null).getString("type"));
      c.write(new JsonObject().put("type", "register").put("address", BridgeAddresses.PROVIDER_PREFIX + "grace.stolen"));
      assertEquals("err", c.read().getString("type"));
      // Its own namespace is fine.
      entry.put("name", "frank_tool").put("definition", new JsonObject().put("name", "frank_tool")
        .put("inputSchema", new JsonObject().put("type", "object"))).put("address", BridgeAddresses.PROVIDER_PREFIX + "frank.tool");
      JsonObject reply = c.request("switchboard.mcp.registry", entry, null);
      assertEquals("message", reply.getString("type"), reply.encode());
    }
  }

  @Test
  void frameOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      new DataOutputStream(bytes).writeInt(1_048_577);
      bytes.write("{\"type\":\"ping\"".getBytes());
      c.writeRaw(bytes.toByteArray());
      JsonObject err = c.read();
      assertEquals("err", err.getString("type"));
      assertTrue(err.getString("message").contains("exceeds the limit of 1048576 bytes"), err.encode());
      assertTrue(c.closedWithin(5000), "the connection is closed after an oversized frame");
    }
    // A frame within the limit still works (a ping needs no authentication).
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      c.write(new JsonObject().put("type", "ping").put("pad", "x".repeat(100_000)));
      assertEquals("pong", c.read().getString("type"));
    }
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    int port = TestNodes.freePort();
    String id = await(vertx.deployVerticle(TcpBridgeVerticle::new, new DeploymentOptions().setConfig(
      ConfigLoader.load(config.copy()).put(TcpBridgeVerticle.PORT, port).put(TcpBridgeVerticle.IDLE_TIMEOUT, 1))));
    try (TcpFrames c = TcpFrames.connect(port)) {
      c.write(new JsonObject().put("type", "ping"));
      assertEquals("pong", c.read().getString("type"));
      long t0 = System.nanoTime();
      assertTrue(c.closedWithin(8000), "an idle connection is closed");
      assertTrue(System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(500), "not before the idle timeout");
    } finally {
      await(vertx.undeploy(id));
    }
  }

  @Test
  void tls() throws Exception {
    Path dir = Files.createTempDirectory("bridge-tls");
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    Process p;
    try {
      p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
        "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      Assumptions.assumeTrue(System.getenv("CI") == null, "openssl is needed to generate the test certificate");
      Assumptions.abort("openssl not found: TLS test skipped");
      return;
    }
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed");
    int port = TestNodes.freePort();
    String id = await(vertx.deployVerticle(TcpBridgeVerticle::new, new DeploymentOptions().setConfig(
      ConfigLoader.load(config.copy()).put(TcpBridgeVerticle.PORT, port)
        .put(TcpBridgeVerticle.TLS_KEY_FILE, key.toString()).put(TcpBridgeVerticle.TLS_CERT_FILE, cert.toString()))));
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(cert)) {
        trust.setCertificateEntry("bridge", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port);
      try (TcpFrames c = new TcpFrames(socket)) {
        assertEquals("heidi", login(c, "heidi").getString("user"));
      }
      // Plain TCP to a TLS port gets nowhere.
      try (TcpFrames c = TcpFrames.connect(port)) {
        c.write(new JsonObject().put("type", "ping"));
        assertTrue(c.closedWithin(5000), "plain TCP on the TLS port is closed");
      }
    } finally {
      await(vertx.undeploy(id));
    }
  }

  @Test
  void sockJsBridgeWithCookieToken() throws Exception {
    String token = tokens.token("ivan", "user");
    LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    WebSocket ws = await(sockJs("http://127.0.0.1:" + httpPort, token, inbox));
    try {
      String topicAddress = BridgeAddresses.TOPIC_PREFIX + "public.sockjs";
      await(ws.writeTextMessage(new JsonObject().put("type", "register").put("address", topicAddress).encode()));
      await(ws.writeTextMessage(new JsonObject().put("type", "send").put("address", BridgeAddresses.PUBLISH)
        .put("replyAddress", "r1").put("body", new JsonObject().put("topic", "public.sockjs").put("payload", "hello")).encode()));
      JsonObject reply = null;
      JsonObject deliver = null;
      while (reply == null || deliver == null) {
        JsonObject m = inbox.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "no reply and delivery over /eventbus/websocket; reply " + reply + ", deliver " + deliver);
        assertTrue(!"err".equals(m.getString("type")), m.encode());
        if ("r1".equals(m.getString("address"))) {
          reply = m.getJsonObject("body");
        } else if (topicAddress.equals(m.getString("address"))) {
          deliver = m.getJsonObject("body");
        }
      }
      assertEquals("public.sockjs", reply.getString("topic"));
      assertEquals("hello", deliver.getString("payload"));
    } finally {
      await(ws.close());
    }
  }

  /** Opens /eventbus/websocket with these headers; the upgrade's failure, if refused. */
  private static Future<WebSocket> sockJs(String origin, String cookieToken, LinkedBlockingQueue<JsonObject> inbox) {
    return SockJsSockets.open(vertx, httpPort, origin, cookieToken, inbox);
  }

  @Test
  void sockJsRefusesOtherOrigins() throws Exception {
    String token = tokens.token("alice", "user");
    java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
      java.util.concurrent.ExecutionException.class, () -> await(sockJs("http://evil.example", token, new LinkedBlockingQueue<>())));
    assertTrue(refused.getCause().getMessage().contains("403"), refused.getCause().getMessage());
    // The HTTP transports too: info, and an XHR send/stream on a session of the attacker's choosing.
    io.vertx.ext.web.client.WebClient web = io.vertx.ext.web.client.WebClient.create(vertx);
    for (String path : new String[]{"/eventbus/info", "/eventbus/123/abcdefgh/xhr_streaming", "/eventbus/123/abcdefgh/xhr"}) {
      int status = await(web.post(httpPort, "127.0.0.1", path).putHeader("Origin", "http://evil.example")
        .putHeader("Cookie", "access_token=" + token).send()).statusCode();
      assertEquals(403, status, path);
    }
    web.close();
  }

  @Test
  void sockJsCookieWithoutOriginDoesNotAuthenticate() throws Exception {
    LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    WebSocket ws = await(sockJs(null, tokens.token("alice", "user"), inbox));
    try {
      await(ws.writeTextMessage(new JsonObject().put("type", "send").put("address", BridgeAddresses.PUBLISH)
        .put("replyAddress", "r1").put("body", new JsonObject().put("topic", "user.alice.notes").put("payload", "x")).encode()));
      JsonObject answer = inbox.poll(10, TimeUnit.SECONDS);
      assertNotNull(answer);
      assertEquals("err", answer.getString("type"), answer.encode());
    } finally {
      await(ws.close());
    }
  }

  private static void writeRawFrame(TcpFrames c, String text) throws Exception {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    new DataOutputStream(frame).writeInt(bytes.length);
    frame.write(bytes);
    c.writeRaw(frame.toByteArray());
  }

  @Test
  void badFramesGetAnErrAndTheConnectionGoesOn() throws Exception {
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      String[][] cases = {
        {"{\"type\":\"frobnicate\",\"address\":\"x\"}", "unknown type"},
        {"{\"address\":\"switchboard.bridge.publish\"}", "type is missing"},
        {"{not json", "not a JSON object"},
        {"[1,2,3]", "not a JSON object"},
        {"{\"type\":\"send\"}", "needs an address"},
        {"{\"type\":\"send\",\"address\":\"a\",\"headers\":5}", "headers must be an object"},
      };
      for (String[] bad : cases) {
        writeRawFrame(c, bad[0]);
        JsonObject err = c.read();
        assertEquals("err", err.getString("type"), bad[0]);
        assertTrue(err.getString("message").contains(bad[1]), err.encode());
        // And the connection keeps working.
        c.write(new JsonObject().put("type", "ping"));
        assertEquals("pong", c.read().getString("type"), "no pong after " + bad[0]);
      }
      login(c, "steady");
    }
  }

  @Test
  void repeatedBadFramesCloseTheConnectionWithAReason() throws Exception {
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      JsonObject last = null;
      for (int i = 0; i < 20; i++) {
        writeRawFrame(c, "{\"type\":\"nope\"}");
      }
      for (int i = 0; i < 20; i++) {
        last = c.read();
        assertEquals("err", last.getString("type"));
      }
      assertTrue(last.getString("message").contains("closing after 20 bad frames"), last.encode());
      assertTrue(c.closedWithin(5000));
    }
  }
}
