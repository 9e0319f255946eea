package io.switchboard.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.switchboard.support.RawWebSocket;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A connection that streams (hundreds of frames a second) gets its flushes consolidated, and answers written while
 * the client's frames are read leave with that read's flush rather than one each (Connection#writeNow). Every answer
 * must still leave, in order: those to a batch of frames read together, and that to a lone frame, with nothing else
 * written after it that could carry it out.
 */
@ExtendWith(VertxExtension.class)
class WsRepliesWhileStreamingTest {

  private static final int BATCH = 400;

  private static int wsPort;
  private static String token;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort());
    wsPort = config.getInteger("ws.port");
    token = new Tokens(vertx, TestNodes.SECRET).token("streamer", "user");
    TestNodes.deploy(vertx, config).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void everyAnswerLeavesInOrderBeforeAndAfterTheConnectionStreams() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(wsPort, "/ws", token)) {
      ws.timeout(10_000); // a pong held back by the consolidating handler would time out the read
      assertNotNull(ws.readMessage("ready"));
      pingBatch(ws, 0); // 400 frames: the connection streams from the next tick (about a second)
      Thread.sleep(1_500);
      pingBatch(ws, BATCH);
      for (int i = 0; i < 5; i++) {
        long ts = 10_000 + i;
        ws.sendText(new JsonObject().put("type", "ping").put("ts", ts).encode());
        assertEquals(ts, new JsonObject(ws.readMessage("pong")).getLong("ts"), "the lone ping's pong");
      }
    }
  }

  private static void pingBatch(RawWebSocket ws, long from) throws Exception {
    List<String> pings = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      pings.add(new JsonObject().put("type", "ping").put("ts", from + i).encode());
    }
    ws.sendTextsAtOnce(pings);
    for (int i = 0; i < BATCH; i++) {
      assertEquals(from + i, new JsonObject(ws.readMessage("pong")).getLong("ts"), "pong " + i + " of the batch");
    }
  }
}
