package io.switchboard.bridge;

import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.switchboard.bridge.TcpBridgeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request the guard refuses is answered at its reply address, failed with the REST status and error body, on both
 * bridges: so a client that routes replies by address (the official JavaScript client) gets its callback, and a bad
 * token (401 unauthorized) is told apart from a forbidden address (403 forbidden). Before, both bridges answered
 * an address-less {@code err} with one fixed word ("rejected", "blocked by bridgeEvent handler").
 */
class BridgeRefusalsTest {

  private static Vertx vertx;
  private static Tokens tokens;
  private static int httpPort;
  private static int bridgePort;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx, TestNodes.SECRET);
    httpPort = TestNodes.freePort();
    JsonObject config = TestNodes.config(httpPort);
    bridgePort = config.getInteger("bridge.tcp.port");
    await(TestNodes.deploy(vertx, config));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  /** A failed reply to {@code replyAddress} with this status and error code; its message, for more checks. */
  private static String assertRefusal(JsonObject frame, String replyAddress, int status, String code) {
    assertEquals("err", frame.getString("type"), frame.encode());
    assertEquals(replyAddress, frame.getString("address"), "the refusal answers the request: " + frame.encode());
    assertEquals(status, frame.getInteger("failureCode"), frame.encode());
    JsonObject error = new JsonObject(frame.getString("message")).getJsonObject("error");
    assertEquals(code, error.getString("code"), frame.encode());
    return error.getString("message");
  }

  @Test
  void tcp() throws Exception {
    try (TcpFrames c = TcpFrames.connect(bridgePort)) {
      JsonObject anonymous = c.request(BridgeAddresses.PUBLISH, new JsonObject().put("topic", "public.x").put("payload", 1), null);
      assertTrue(assertRefusal(anonymous, anonymous.getString("address"), 401, "unauthorized").contains("authentication"));
      JsonObject badLogin = c.request(BridgeAddresses.LOGIN, new JsonObject().put("token", "not-a-token"), null);
      assertRefusal(badLogin, badLogin.getString("address"), 401, "unauthorized");
      JsonObject login = c.request(BridgeAddresses.LOGIN, new JsonObject().put("token", tokens.token("rita", "user")), null);
      assertEquals("message", login.getString("type"), login.encode());
      JsonObject elsewhere = c.request("switchboard.bridge.nowhere", new JsonObject(), null);
      assertTrue(assertRefusal(elsewhere, elsewhere.getString("address"), 403, "forbidden").contains("not permitted"));
    }
  }

  @Test
  void sockJs() throws Exception {
    LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    WebSocket ws = await(SockJsSockets.open(vertx, httpPort, "http://127.0.0.1:" + httpPort, "none", inbox));
    try {
      send(ws, BridgeAddresses.PUBLISH, new JsonObject().put("topic", "public.x").put("payload", 1), "r1");
      assertRefusal(next(inbox), "r1", 401, "unauthorized");
      send(ws, BridgeAddresses.LOGIN, new JsonObject().put("token", "not-a-token"), "r2");
      assertRefusal(next(inbox), "r2", 401, "unauthorized");
      send(ws, BridgeAddresses.LOGIN, new JsonObject().put("token", tokens.token("sven", "user")), "r3");
      JsonObject login = next(inbox);
      assertEquals("r3", login.getString("address"), login.encode());
      assertEquals("rec", login.getString("type"), "SockJS replies are 'rec' frames: " + login.encode());
      send(ws, "switchboard.bridge.nowhere", new JsonObject(), "r4");
      assertRefusal(next(inbox), "r4", 403, "forbidden");
    } finally {
      await(ws.close());
    }
  }

  private static void send(WebSocket ws, String address, JsonObject body, String replyAddress) throws Exception {
    await(ws.writeTextMessage(new JsonObject().put("type", "send").put("address", address).put("body", body)
      .put("replyAddress", replyAddress).encode()));
  }

  private static JsonObject next(LinkedBlockingQueue<JsonObject> inbox) throws Exception {
    JsonObject m = inbox.poll(10, TimeUnit.SECONDS);
    assertNotNull(m, "no answer over SockJS");
    return m;
  }
}
