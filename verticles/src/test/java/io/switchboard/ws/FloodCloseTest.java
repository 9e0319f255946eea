package io.switchboard.ws;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.RunningNode;
import io.switchboard.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client closed for flooding (1008) still gets the ack of every publish the server accepted before the close: an
 * adversarial run saw 224 publishes delivered to subscribers and 0 of them acknowledged to their publisher.
 */
class FloodCloseTest {

  private static final int BURST = 150;
  private static RunningNode node;
  private static int wsPort;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject()
        .put("ws.rate-limit.publish-per-second", 1).put("ws.rate-limit.publish-burst", BURST)
        .put("ws.rate-limit.close-after-rejections", 3).put("ws.rate-limit.user-publish-per-second", 100_000));
    wsPort = node.config.getInteger("ws.port");
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  @Test
  void acceptedPublishesAreAcknowledgedBeforeTheFloodClose() throws Exception {
    WsClient c = await(WsClient.connect(node.vertx, wsPort, node.tokens.token("flood", "user"), Encoding.JSON));
    await(c.next("ready"));
    Set<String> acked = new HashSet<>();
    Set<String> limited = new HashSet<>();
    c.handler(m -> {
      if ("ack".equals(m.getString("type"))) {
        acked.add(m.getString("id"));
      } else if ("error".equals(m.getString("type")) && "rate_limited".equals(m.getString("code"))) {
        limited.add(m.getString("ref"));
      }
    });
    // The burst and a few more, sent without waiting, so that the close is decided while the accepted publishes
    // are still being appended.
    JsonArray batch = new JsonArray();
    for (int i = 0; i < BURST + 10; i++) {
      batch.add(new JsonObject().put("type", "publish").put("id", "p" + i).put("topic", "public.flood." + (i % 7))
        .put("payload", i).put("ack", true));
    }
    for (Object m : batch) {
      c.send((JsonObject) m);
    }
    assertEquals((short) 1008, await(c.closed()));
    assertEquals(BURST, acked.size() + countBeyond(limited), "acks " + acked.size() + ", rate-limited " + limited.size());
    for (int i = 0; i < BURST; i++) {
      assertEquals(true, acked.contains("p" + i), "publish p" + i + " was accepted but never acknowledged");
    }
  }

  private static int countBeyond(Set<String> limited) {
    return (int) limited.stream().filter(id -> Integer.parseInt(id.substring(1)) < BURST).count();
  }
}
