package io.switchboard.protocol.codec;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.Limits;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.message.Ping;
import io.switchboard.protocol.message.Pong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A keepalive's fast paths: {@link JsonPingReader} answers only where the general path (the frame's tree, then
 * {@code TreeReader}) accepts the frame, and then with the same {@link Ping}; a {@code pong} written by hand is the
 * tree writer's bytes.
 */
class FramesPingFastPathTest {

  private static Object general(byte[] utf8) {
    try {
      return new TreeReader(TreeReader.Sender.CLIENT, Limits.DEFAULTS).read(JsonFrameReader.read(utf8, true));
    } catch (ProtocolException e) {
      return e.code() + " " + e.field() + " " + e.ref() + " " + e.getMessage();
    }
  }

  private static void agrees(String frame) {
    byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
    Ping fast = JsonPingReader.tryRead(utf8);
    if (fast != null) {
      assertEquals(general(utf8), fast, frame);
    }
    assertEquals(general(utf8) instanceof Ping ping ? ping : general(utf8),
      decoded(utf8), "decodeClientUtf8 answers as the general path: " + frame);
  }

  private static Object decoded(byte[] utf8) {
    try {
      return Frames.decodeClientUtf8(utf8, Limits.DEFAULTS);
    } catch (ProtocolException e) {
      return e.code() + " " + e.field() + " " + e.ref() + " " + e.getMessage();
    }
  }

  @Property(tries = 300)
  void anyPingTakesTheFastPathWithTheGeneralPathsAnswer(@ForAll long ts) {
    for (String frame : new String[]{"{\"type\":\"ping\",\"ts\":" + ts + "}", "{ \"ts\" : " + ts + " , \"type\" : \"ping\" }"}) {
      agrees(frame);
      assertNotNull(JsonPingReader.tryRead(frame.getBytes(StandardCharsets.UTF_8)), "a plain ping takes the fast path");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"ping\",\"ts\":1.5}",
      "{\"type\":\"ping\",\"ts\":1e3}",
      "{\"type\":\"ping\",\"ts\":\"1\"}",
      "{\"type\":\"ping\",\"ts\":null}",
      "{\"type\":\"ping\",\"ts\":99999999999999999999999}",
      "{\"type\":\"ping\"}",
      "{\"type\":\"ping\",\"ts\":1,\"ts\":2}",
      "{\"type\":\"ping\",\"type\":\"ping\",\"ts\":1}",
      "{\"type\":\"ping\",\"ts\":1,\"id\":\"x\"}",
      "{\"type\":\"pong\",\"ts\":1}",
      "{\"type\":\"ping\",\"ts\":1} trailing",
      "{\"type\":\"ping\",\"ts\":1",
      "[\"ping\"]",
      "{\"type\":\"ping\",/* a comment */\"ts\":7}",
      "{\"type\":\"subscribe\",\"id\":\"ping\",\"topic\":\"chat.ping\"}",
  })
  void oddFramesGetTheGeneralPathsAnswer(String frame) {
    agrees(frame);
  }

  @Property(tries = 300)
  void aPongWrittenByHandIsTheTreeWritersBytes(@ForAll long ts, @ForAll long serverTime) {
    Pong pong = new Pong(ts, serverTime);
    assertArrayEquals(TreeWriter.write(pong).toBuffer().getBytes(), Frames.encodeJson(pong).getBytes());
    assertEquals(pong, Frames.decodeTrusted(Frames.encode(pong, Encoding.JSON), Encoding.JSON));
  }
}
