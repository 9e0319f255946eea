package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.Limits;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Publish;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * {@link MsgPackFrameReader#tryReadPublish} answers only where the general path (the frame's map, then
 * {@code TreeReader}) accepts the frame, and then with the same {@link Publish}; everything else it leaves to the
 * general path, which gives the precise error.
 */
class MsgPackPublishReaderTest {

  /** What the general path makes of the frame: the message, or its refusal. */
  private static Object general(byte[] msgpack) {
    try {
      return new TreeReader(TreeReader.Sender.CLIENT, Limits.DEFAULTS).read(MsgPackFrameReader.read(msgpack));
    } catch (ProtocolException e) {
      return e.code() + " " + e.field() + " " + e.ref() + " " + e.getMessage();
    }
  }

  private static void agrees(byte[] msgpack) {
    Publish fast = MsgPackFrameReader.tryReadPublish(msgpack);
    if (fast != null) {
      assertEquals(general(msgpack), fast, Arrays.toString(msgpack));
    }
  }

  private static byte[] msgpack(String json) {
    return MsgPackFrameWriter.write(new JsonObject(json));
  }

  @Provide
  Arbitrary<Message> publishes() {
    return MessageArbitraries.publish();
  }

  @Property(tries = 1000)
  void answersEveryPlainPublishAsTheGeneralPathDoes(@ForAll("publishes") Message message) {
    Publish p = (Publish) message;
    byte[] frame = Frames.encodeMsgPack(p).getBytes();
    agrees(frame);
    if (p.mentions().isEmpty()) {
      assertNotNull(MsgPackFrameReader.tryReadPublish(frame), "a plain publish takes the fast path");
      assertEquals(p, Frames.decodeClient(Buffer.buffer(frame), Encoding.MSGPACK));
    }
  }

  @ParameterizedTest
  @MethodSource("io.switchboard.protocol.codec.PublishFrameCases#plain")
  void takesThePlainForms(String json) {
    byte[] frame = msgpack(json);
    assertNotNull(MsgPackFrameReader.tryReadPublish(frame), json);
    agrees(frame);
  }

  @ParameterizedTest
  @MethodSource("io.switchboard.protocol.codec.PublishFrameCases#refused")
  void leavesEverythingElseToTheGeneralPath(String json) {
    byte[] frame = msgpack(json);
    assertNull(MsgPackFrameReader.tryReadPublish(frame), json);
  }

  @Test
  void leavesRepeatedKeysTrailingBytesAndBrokenFramesToTheGeneralPath() throws IOException {
    MessageBufferPacker repeated = MessagePack.newDefaultBufferPacker();
    repeated.packMapHeader(5).packString("type").packString("publish").packString("id").packString("m1")
        .packString("id").packString("m2").packString("topic").packString("chat.lobby").packString("payload").packInt(1);
    assertNull(MsgPackFrameReader.tryReadPublish(repeated.toByteArray()));

    byte[] whole = msgpack("{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":1}");
    byte[] trailing = Arrays.copyOf(whole, whole.length + 1);
    trailing[whole.length] = (byte) 0xc0;
    assertNull(MsgPackFrameReader.tryReadPublish(trailing));
    assertNull(MsgPackFrameReader.tryReadPublish(Arrays.copyOf(whole, whole.length - 1)));
    byte[] badUtf8 = whole.clone();
    badUtf8[badUtf8.length - 12] = (byte) 0xff; // inside "chat.lobby"
    assertNull(MsgPackFrameReader.tryReadPublish(badUtf8));
    agrees(badUtf8);

    String deep = "[".repeat(100) + "]".repeat(100); // deeper than the payload's bound
    assertNull(MsgPackFrameReader.tryReadPublish(
        msgpack("{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"payload\":" + deep + "}")));
  }
}
