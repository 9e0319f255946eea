package io.switchboard.bridge;

import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.switchboard.bridge.TcpBridgeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SockJS bridge without WebSocket, as SockJS's XHR transports speak it (what {@code sockjs-client} does with
 * {@code transports: ['xhr-polling']} or {@code ['xhr-streaming']}): open with a POST to {@code .../xhr}, send frames
 * in POST bodies to {@code .../xhr_send}, poll for the answers. Every send used to be a 500 (no body handler).
 */
class SockJsXhrTest {

  private static Vertx vertx;
  private static WebClient web;
  private static Tokens tokens;
  private static int httpPort;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx, TestNodes.SECRET);
    httpPort = TestNodes.freePort();
    await(TestNodes.deploy(vertx, TestNodes.config(httpPort)));
    web = client();
  }

  /**
   * A connection per request, as a browser ends up with: the node closes the connection after each XHR poll answer
   * (Vert.x's SockJS does), and a request already sent on it then fails with "connection was closed".
   */
  private static WebClient client() {
    return WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setKeepAlive(false));
  }

  @AfterAll
  static void stop() throws Exception {
    web.close();
    await(vertx.close());
  }

  private static HttpResponse<Buffer> post(String path, String token, Buffer body) throws Exception {
    var request = web.post(httpPort, "127.0.0.1", SockJsBridge.PATH + path)
      .putHeader("Origin", "http://127.0.0.1:" + httpPort).putHeader("Cookie", "access_token=" + token);
    return await(body == null ? request.send() : request.putHeader("Content-Type", "text/plain").sendBuffer(body));
  }

  /** Polls {@code .../xhr} until a bridge frame for {@code address} arrives (bounded). */
  private static JsonObject pollFor(String session, String token, String address) throws Exception {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String frame = post(session + "/xhr", token, null).bodyAsString();
      seen.add(frame);
      if (frame.startsWith("a")) {
        for (Object m : new JsonArray(frame.substring(1).trim())) {
          JsonObject message = new JsonObject((String) m);
          if (address.equals(message.getString("address"))) {
            return message;
          }
        }
      }
    }
    throw new AssertionError("no frame for " + address + " in " + seen);
  }

  @Test
  void xhrPollingSendsAndReceives() throws Exception {
    String token = tokens.token("xena", "user");
    String session = "/000/xhrpoll1";
    assertEquals("o\n", post(session + "/xhr", token, null).bodyAsString(), "the SockJS open frame");
    String topicAddress = BridgeAddresses.TOPIC_PREFIX + "public.xhr";
    JsonArray frames = new JsonArray()
      .add(new JsonObject().put("type", "register").put("address", topicAddress).encode())
      .add(new JsonObject().put("type", "send").put("address", BridgeAddresses.PUBLISH).put("replyAddress", "r1")
        .put("body", new JsonObject().put("topic", "public.xhr").put("payload", "over xhr")).encode());
    HttpResponse<Buffer> sent = post(session + "/xhr_send", token, frames.toBuffer());
    assertEquals(204, sent.statusCode(), "xhr_send: " + sent.bodyAsString());
    assertEquals(List.of(), sent.cookies(), "no cookie is set (SockJS echoed the access token as a cookie)");
    JsonObject reply = pollFor(session, token, "r1");
    assertEquals("public.xhr", reply.getJsonObject("body").getString("topic"), reply.encode());
  }

  @Test
  void aSendLargerThanAFrameIsRefusedNotFailed() throws Exception {
    // on a client of its own: the node closes a connection whose upload it refused midway
    WebClient shared = web;
    web = client();
    try {
      refuseALargeSend();
    } finally {
      web.close();
      web = shared;
    }
  }

  private static void refuseALargeSend() throws Exception {
    String token = tokens.token("yann", "user");
    String session = "/000/xhrbig01";
    assertEquals("o\n", post(session + "/xhr", token, null).bodyAsString());
    String big = "x".repeat(2 * 1024 * 1024);
    HttpResponse<Buffer> refused = post(session + "/xhr_send", token,
      new JsonArray().add(new JsonObject().put("type", "ping").put("pad", big).encode()).toBuffer());
    assertEquals(413, refused.statusCode(), refused.bodyAsString());
    assertTrue(refused.bodyAsString().contains("payload_too_large") || refused.bodyAsString().contains("too large"),
      refused.bodyAsString());
  }
}
