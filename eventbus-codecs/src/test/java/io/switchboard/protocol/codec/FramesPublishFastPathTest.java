package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.protocol.Limits;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Publish;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonPublishReader} answers only where the general path (the frame's tree, then {@code TreeReader}) accepts
 * the frame, and then with the same {@link Publish}; everything else it leaves to the general path.
 */
class FramesPublishFastPathTest {

  /** What the general path makes of the frame: the message, or its refusal. */
  private static Object general(byte[] utf8) {
    try {
      return new TreeReader(TreeReader.Sender.CLIENT, Limits.DEFAULTS).read(JsonFrameReader.read(utf8, true));
    } catch (ProtocolException e) {
      return e.code() + " " + e.field() + " " + e.ref() + " " + e.getMessage();
    }
  }

  private static void agrees(byte[] utf8) {
    Publish fast = JsonPublishReader.tryRead(utf8);
    if (fast != null) {
      assertEquals(general(utf8), fast, new String(utf8, StandardCharsets.UTF_8));
    }
  }

  @Provide
  Arbitrary<Message> publishes() {
    return MessageArbitraries.publish();
  }

  @Property(tries = 500)
  void answersEveryPlainPublishAsTheGeneralPathDoes(@ForAll("publishes") Message message) {
    Publish p = (Publish) message;
    byte[] utf8 = Frames.encodeJson(p).getBytes();
    agrees(utf8);
    boolean escapes = new String(utf8, StandardCharsets.UTF_8).contains("\\u");
    if (p.mentions().isEmpty() && !escapes) {
      assertNotNull(JsonPublishReader.tryRead(utf8), "a plain publish takes the fast path");
      assertEquals(p, Frames.decodeClientUtf8(utf8, Limits.DEFAULTS));
    }
  }

  /** The frame is scanned eight bytes at a time: an escape is seen wherever it falls in a word. */
  @Test
  void seesAnEscapeAtEveryAlignment() {
    for (int pad = 0; pad < 24; pad++) {
      String head = "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":\"" + "x".repeat(pad);
      byte[] lone = (head + "\\ud800\"}").getBytes(StandardCharsets.UTF_8);
      assertThrows(ProtocolException.class, () -> Frames.decodeClientUtf8(lone, Limits.DEFAULTS), head);
      byte[] pair = (head + "\\ud83d\\ude00\"}").getBytes(StandardCharsets.UTF_8);
      assertEquals("x".repeat(pad) + "\uD83D\uDE00",
          ((Publish) Frames.decodeClientUtf8(pair, Limits.DEFAULTS)).payload(), head);
    }
  }

  @ParameterizedTest
  @MethodSource("io.switchboard.protocol.codec.PublishFrameCases#plain")
  @ValueSource(strings = {
      "/* note */ {\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1}",
  })
  void takesThePlainForms(String frame) {
    byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
    assertNotNull(JsonPublishReader.tryRead(utf8));
    agrees(utf8);
  }

  @ParameterizedTest
  @MethodSource("io.switchboard.protocol.codec.PublishFrameCases#refused")
  @ValueSource(strings = {
      // repeated keys, numbers beyond uint64, malformed JSON, trailing content: JSON's own
      "{\"type\":\"publish\",\"id\":\"m1\",\"id\":\"m2\",\"topic\":\"chat.lobby\",\"payload\":1}",
      "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1,\"payload\":2}",
      "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":18446744073709551616}",
      "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
      "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1",
      "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1} {}",
      "[{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1}]",
  })
  void leavesEverythingElseToTheGeneralPath(String frame) {
    byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
    assertNull(JsonPublishReader.tryRead(utf8), frame);
  }
}
