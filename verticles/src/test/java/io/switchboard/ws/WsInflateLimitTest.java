package io.switchboard.ws;

import io.switchboard.support.RawWebSocket;
import io.switchboard.support.RunningNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Size limits hold on the bytes as they are inflated: a permessage-deflate frame of ~64 KB that inflates to 64 MiB is
 * refused once the inflated bytes pass the limit (close 1009 saying so), not after the whole message was built in
 * memory; and a frame over the ceiling on /mcp gets a close frame with 1009, not a dropped connection.
 */
class WsInflateLimitTest {

  private static RunningNode node;
  private static int wsPort;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject().put("ws.compression", true));
    wsPort = node.config.getInteger("ws.port");
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  /** A raw-deflate message body as permessage-deflate sends it (RFC 7692: sync flush, the final 00 00 FF FF cut). */
  private static byte[] deflated(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    int n;
    while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(buf, 0, n);
    }
    deflater.end();
    byte[] bytes = out.toByteArray();
    return Arrays.copyOf(bytes, bytes.length - 4);
  }

  @Test
  void inflatingStopsAtTheLimit() throws Exception {
    byte[] bomb = new byte[64 * 1024 * 1024];
    Arrays.fill(bomb, (byte) 'a');
    byte[] wire = deflated(bomb);
    assertTrue(wire.length < 200_000, "the bomb is small on the wire: " + wire.length);
    try (RawWebSocket ws = RawWebSocket.connect(wsPort, "/ws", node.tokens.token("bomber", "user"),
      "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
      assertTrue(ws.responseHead.toLowerCase().contains("permessage-deflate"), ws.responseHead);
      ws.send(true, RawWebSocket.TEXT, wire, true, 0x4); // RSV1: compressed
      RawWebSocket.Frame close = ws.readUntil(RawWebSocket.CLOSE, 100);
      assertNotNull(close, "the connection was dropped without a close frame");
      assertEquals(1009, close.closeCode());
      assertEquals("message exceeds the limit of 1048576 bytes after decompression", close.closeReason());
    }
  }

  @Test
  void aSmallCompressedMessageStillWorks() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(wsPort, "/ws", node.tokens.token("zipper", "user"),
      "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
      byte[] ping = new JsonObject().put("type", "ping").put("id", "z1").encode().getBytes();
      ws.send(true, RawWebSocket.TEXT, deflated(ping), true, 0x4);
      ws.timeout(3000);
      // The answers come compressed: what matters is that the connection stays open (no close frame).
      RawWebSocket.Frame f = ws.read();
      assertNotNull(f);
      assertTrue(f.opcode() != RawWebSocket.CLOSE, "closed: " + (f.opcode() == RawWebSocket.CLOSE ? f.closeReason() : ""));
    }
  }

  @Test
  void mcpFrameOverTheCeilingGetsACloseFrame() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(wsPort, "/mcp", node.tokens.token("agent", "user"),
      "Sec-WebSocket-Protocol: mcp\r\n")) {
      long length = 11L * 1024 * 1024;
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      header.write(0x80 | RawWebSocket.TEXT);
      header.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        header.write((int) (length >> (8 * i)));
      }
      header.write(new byte[]{1, 2, 3, 4}); // mask key; the payload never follows
      ws.sendRaw(header.toByteArray());
      RawWebSocket.Frame close = ws.readUntil(RawWebSocket.CLOSE, 100);
      assertNotNull(close, "the connection was dropped without a close frame");
      assertEquals(1009, close.closeCode());
      assertTrue(close.closeReason().contains("exceeds the limit"), close.closeReason());
    }
  }
}
