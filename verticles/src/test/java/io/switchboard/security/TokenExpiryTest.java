package io.switchboard.security;

import io.switchboard.bridge.BridgeAddresses;
import io.switchboard.bridge.TcpFrames;
import io.switchboard.protocol.Encoding;
import io.switchboard.support.RunningNode;
import io.switchboard.support.Tokens;
import io.switchboard.support.WsClient;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection is never served on an expired token: at expiry the WebSocket gateway and MCP over WebSocket close
 * with 4001, the TCP bridge sends an {@code err} frame and closes (an adversarial run still had publishes acknowledged
 * and messages delivered 8 s after a 2 s token expired). A bridge client that logs in again with a fresh token stays.
 */
class TokenExpiryTest {

  private static RunningNode node;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject());
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  private static String shortLived(String sub, int seconds) {
    return node.tokens.sign(Tokens.claims(sub, "user").put("exp", System.currentTimeMillis() / 1000 + seconds), "HS256");
  }

  @Test
  void webSocketClosesWith4001AtExpiry() throws Exception {
    WsClient c = await(WsClient.connect(node.vertx, node.config.getInteger("ws.port"), shortLived("brief", 2), Encoding.JSON));
    await(c.next("ready"));
    await(c.send(new JsonObject().put("type", "publish").put("id", "p1").put("topic", "public.brief").put("payload", 1)
      .put("ack", true)));
    await(c.next("ack"));
    long start = System.currentTimeMillis();
    short code = await(c.closed());
    assertEquals((short) 4001, code);
    assertEquals("token expired: reconnect with a fresh token", c.closeReason());
    assertTrue(System.currentTimeMillis() - start < 4000, "closed " + (System.currentTimeMillis() - start) + " ms later");
  }

  @Test
  void mcpOverWebSocketClosesWith4001AtExpiry() throws Exception {
    WebSocketClient client = node.vertx.createWebSocketClient();
    io.vertx.core.http.WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
      .setPort(node.config.getInteger("ws.port")).setURI("/mcp").addSubProtocol("mcp")
      .addHeader("Authorization", "Bearer " + shortLived("agent", 2))));
    io.vertx.core.Promise<Short> closed = io.vertx.core.Promise.promise();
    ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
    assertEquals((short) 4001, await(closed.future().timeout(6, TimeUnit.SECONDS)));
    await(client.close());
  }

  @Test
  void tcpBridgeSendsErrAndClosesAtExpiry() throws Exception {
    try (TcpFrames c = TcpFrames.connect(node.config.getInteger("bridge.tcp.port"))) {
      JsonObject login = c.request(BridgeAddresses.LOGIN, new JsonObject().put("token", shortLived("bridged", 2)), null);
      assertEquals("message", login.getString("type"), login.encode());
      c.write(new JsonObject().put("type", "register").put("address", BridgeAddresses.TOPIC_PREFIX + "public.brief2"));
      JsonObject err;
      do {
        err = c.read();
      } while (!"err".equals(err.getString("type")));
      assertEquals("token expired: log in again with a fresh token", err.getString("message"));
      assertTrue(c.closedWithin(3000), "the bridge connection stays open after its token expired");
    }
  }

  @Test
  void aBridgeLoginWithAFreshTokenKeepsTheConnection() throws Exception {
    try (TcpFrames c = TcpFrames.connect(node.config.getInteger("bridge.tcp.port"))) {
      c.request(BridgeAddresses.LOGIN, new JsonObject().put("token", shortLived("renewer", 2)), null);
      JsonObject renewed = c.request(BridgeAddresses.LOGIN, new JsonObject().put("token", node.tokens.token("renewer", "user")), null);
      assertEquals("message", renewed.getString("type"));
      Thread.sleep(3000);
      JsonObject reply = c.request(BridgeAddresses.PUBLISH, new JsonObject().put("topic", "public.renewed").put("payload", 1), null);
      assertEquals("message", reply.getString("type"), reply.encode());
    }
  }
}
