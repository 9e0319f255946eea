package io.switchboard.ws;

import io.switchboard.support.RawWebSocket;
import io.switchboard.support.RawWebSocket.Frame;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.switchboard.support.RawWebSocket.BINARY;
import static io.switchboard.support.RawWebSocket.CLOSE;
import static io.switchboard.support.RawWebSocket.CONTINUATION;
import static io.switchboard.support.RawWebSocket.PING;
import static io.switchboard.support.RawWebSocket.PONG;
import static io.switchboard.support.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6455 at the frame level, with a hand-written client, after the Autobahn test suite's sections: framing
 * and fragmentation (5), control frames (2), reserved opcodes (4), UTF-8 (6), close handling (7), plus masking,
 * message size and the gateway's own dead-peer timeout. Reserved bits (3) are not checked: with
 * permessage-deflate enabled, Netty admits RSV bits on every connection.
 */
@ExtendWith(VertxExtension.class)
class WsFrameLevelTest {

  private static int wsPort;
  private static String token;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestNodes.config(TestNodes.freePort()).put("ws.heartbeat-ms", 1000).put("ws.idle-timeout-ms", 3000);
    wsPort = config.getInteger("ws.port");
    token = new Tokens(vertx, TestNodes.SECRET).token("raw", "user");
    TestNodes.deploy(vertx, config).onComplete(ctx.succeedingThenComplete());
  }

  private static RawWebSocket open() throws IOException {
    RawWebSocket ws = RawWebSocket.connect(wsPort, "/ws", token);
    assertNotNull(ws.readMessage("ready"));
    return ws;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Frame expectClose(RawWebSocket ws) throws IOException {
    Frame close = ws.readUntil(CLOSE, 50);
    assertNotNull(close, "the server closed the TCP connection without a close frame");
    return close;
  }

  /**
   * Protocol violations caught by Netty's frame decoder: RFC 6455 7.1.7 lets the server fail the connection, with
   * a 1002 close frame if it can. Netty sends one and closes at once, so the client may see the close frame or
   * only the reset that follows; either way the connection must end promptly, never stay open.
   */
  private static void expectFailed(RawWebSocket ws) throws IOException {
    ws.timeout(5_000);
    for (int i = 0; i < 50; i++) {
      Frame f;
      try {
        f = ws.read();
      } catch (java.net.SocketTimeoutException e) {
        throw new AssertionError("the connection was left open after a protocol violation");
      }
      if (f == null) {
        return;
      }
      if (f.opcode() == CLOSE) {
        assertEquals(1002, f.closeCode());
        return;
      }
    }
    throw new AssertionError("still receiving frames after a protocol violation");
  }

  @Test
  void handshakeWithoutTokenIsRefusedBeforeTheUpgrade() {
    IOException e = assertThrows(IOException.class, () -> RawWebSocket.connect(wsPort, "/ws", null));
    assertTrue(e.getMessage().contains("401"), e.getMessage());
  }

  @Test
  void permessageDeflateIsNegotiatedWhenOffered() throws IOException {
    try (RawWebSocket ws = RawWebSocket.connect(wsPort, "/ws", token, "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
      assertTrue(ws.responseHead.toLowerCase().contains("sec-websocket-extensions: permessage-deflate"), ws.responseHead);
    }
    try (RawWebSocket ws = RawWebSocket.connect(wsPort, "/ws", token)) {
      assertTrue(!ws.responseHead.toLowerCase().contains("permessage-deflate"), "not imposed on clients that did not offer it");
    }
  }

  @Test
  void fragmentedTextMessageIsReassembled() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(false, TEXT, utf8("{\"type\":\"pi"));
      ws.send(false, CONTINUATION, utf8("ng\",\"t"));
      ws.send(true, CONTINUATION, utf8("s\":77}"));
      assertTrue(ws.readMessage("pong").contains("\"ts\":77"));
    }
  }

  @Test
  void controlFramesMayInterleaveWithFragments() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(false, TEXT, utf8("{\"type\":\"ping\","));
      ws.send(true, PING, utf8("mid"));
      Frame pong = ws.readUntil(PONG, 20);
      assertArrayEquals(utf8("mid"), pong.payload());
      ws.send(true, CONTINUATION, utf8("\"ts\":5}"));
      assertTrue(ws.readMessage("pong").contains("\"ts\":5"));
    }
  }

  @Test
  void pingIsAnsweredWithItsPayload() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(true, PING, utf8("hello"));
      assertArrayEquals(utf8("hello"), ws.readUntil(PONG, 20).payload());
    }
  }

  @Test
  void oversizedControlFrameIsAProtocolError() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(true, PING, new byte[126]);
      expectFailed(ws);
    }
  }

  @Test
  void invalidUtf8InTextFrameIsClosedWith1007() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(true, TEXT, new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
      Frame close = expectClose(ws);
      assertEquals(1007, close.closeCode());
      assertEquals("text message is not valid UTF-8", close.closeReason());
    }
  }

  @Test
  void invalidUtf8SplitAcrossFragmentsIsClosedWith1007() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(false, TEXT, new byte[]{'"', (byte) 0xE2, (byte) 0x82});
      ws.send(true, CONTINUATION, new byte[]{(byte) 0x28, '"'});
      assertEquals(1007, expectClose(ws).closeCode());
    }
  }

  @Test
  void fragmentsPastTheSizeLimitAreRefusedBeforeTheMessageEnds() throws IOException {
    try (RawWebSocket ws = open()) {
      byte[] chunk = new byte[512 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'a');
      ws.send(false, TEXT, chunk);
      ws.send(false, CONTINUATION, chunk);
      ws.send(false, CONTINUATION, chunk); // 1.5 MiB > 1 MiB: refused now, not at the end
      Frame close = expectClose(ws);
      assertEquals(1009, close.closeCode());
      assertTrue(close.closeReason().contains("exceeds the limit of 1048576 bytes"), close.closeReason());
    }
  }

  @Test
  void reservedOpcodeIsAProtocolError() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(true, 0x3, utf8("?"));
      expectFailed(ws);
    }
  }

  @Test
  void unmaskedClientFrameIsAProtocolError() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(true, TEXT, utf8("{\"type\":\"ping\",\"ts\":1}"), false, 0);
      expectFailed(ws);
    }
  }

  @Test
  void continuationWithoutAStartIsAProtocolError() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(true, CONTINUATION, utf8("orphan"));
      expectFailed(ws);
    }
  }

  @Test
  void closeIsEchoedWithTheSameCode() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.sendClose(1000, "bye");
      assertEquals(1000, expectClose(ws).closeCode());
    }
  }

  @Test
  void binaryFrameThatIsNotMsgPackGetsAnErrorNotADisconnect() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(true, BINARY, new byte[]{(byte) 0xc1});
      assertTrue(ws.readMessage("error").contains("\"code\":\"malformed\""));
      ws.sendText("{\"type\":\"ping\",\"ts\":9}");
      assertTrue(ws.readMessage("pong").contains("\"ts\":9"));
    }
  }

  @Test
  void aPeerThatNeverAnswersHeartbeatsIsClosedAsIdle() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.timeout(15_000);
      Frame ping = ws.readUntil(PING, 50);
      assertNotNull(ping, "the server sends heartbeats");
      Frame close = expectClose(ws);
      assertEquals(1001, close.closeCode());
      assertTrue(close.closeReason().startsWith("idle timeout"), close.closeReason());
    }
  }
}
