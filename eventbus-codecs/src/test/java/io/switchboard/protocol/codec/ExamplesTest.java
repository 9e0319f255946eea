package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.message.Ack;
import io.switchboard.protocol.message.Batch;
import io.switchboard.protocol.message.ClientMessage;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.MessageType;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.message.Ready;
import io.switchboard.protocol.message.Subscribe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example the protocol document quotes decodes, and re-encodes to exactly itself. */
class ExamplesTest {

  @TestFactory
  Stream<DynamicTest> everyValidExampleRoundTripsInBothEncodings() {
    return Examples.valid().fieldNames().stream().map(name -> dynamicTest(name, () -> {
      JsonObject frame = Examples.valid(name);
      Message fromJson = Frames.decode(frame.toBuffer(), Encoding.JSON);
      assertEquals(frame.getString("type"), fromJson.type().wire());
      assertEquals(frame, Frames.toJson(fromJson), "the documented example is the encoder's own output");

      Message fromMsgPack = Frames.decode(Examples.msgpack(frame), Encoding.MSGPACK);
      assertEquals(fromJson, fromMsgPack);
      assertEquals(Examples.msgpack(frame), Frames.encodeMsgPack(fromMsgPack));

      if (fromJson instanceof ClientMessage && (!(fromJson instanceof Batch) || name.endsWith("client"))) {
        assertEquals(fromJson, Frames.decodeClient(frame.toBuffer(), Encoding.JSON));
      } else {
        assertEquals(fromJson, Frames.decodeServer(frame.toBuffer(), Encoding.JSON));
      }
    }));
  }

  @Test
  void everyMessageTypeHasAnExample() {
    Set<MessageType> seen = EnumSet.noneOf(MessageType.class);
    for (String name : Examples.valid().fieldNames()) {
      seen.add(MessageType.ofWire(Examples.valid(name).getString("type")));
    }
    assertEquals(EnumSet.allOf(MessageType.class), seen);
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidExampleFailsWithItsDocumentedError() {
    return Examples.invalid().stream().map(o -> (JsonObject) o).map(c -> dynamicTest(c.getString("frame"), () -> {
      String text = c.getString("frame");
      ProtocolException e = assertThrows(ProtocolException.class,
          () -> Frames.decodeClient(Buffer.buffer(text), Encoding.JSON));
      assertEquals(c.getString("code"), e.code().wire(), e.getMessage());
      assertEquals(c.getString("field"), e.field(), e.getMessage());
      assertEquals(c.getString("ref"), e.ref(), e.getMessage());

      if (!c.getString("code").equals("malformed")) { // the same frame as MsgPack fails the same way
        Buffer msgpack = Examples.msgpack(new JsonObject(text));
        ProtocolException m = assertThrows(ProtocolException.class,
            () -> Frames.decodeClient(msgpack, Encoding.MSGPACK));
        assertEquals(e.code(), m.code());
        assertEquals(e.field(), m.field());
        assertEquals(e.ref(), m.ref());
      }
    }));
  }

  @Test
  void concreteValuesOfSomeExamples() {
    Publish p = (Publish) Frames.decode(Examples.valid("publish").toBuffer(), Encoding.JSON);
    assertEquals("p1", p.id());
    assertEquals(2, p.priority());
    assertTrue(p.ack());
    assertEquals("héllo 👋", ((JsonObject) p.payload()).getString("text"));
    assertEquals(3L, ((JsonObject) p.payload()).getValue("n"));

    Subscribe s = (Subscribe) Frames.decode(Examples.valid("subscribe-pattern-filter").toBuffer(), Encoding.JSON);
    assertTrue(s.filter().test(new JsonObject().put("price", 11).put("venue", new JsonObject().put("country", "DE"))));
    assertTrue(!s.filter().test(new JsonObject().put("price", 9).put("venue", new JsonObject().put("country", "DE"))));
    assertNull(s.resume());

    Ready r = (Ready) Frames.decode(Examples.valid("ready").toBuffer(), Encoding.JSON);
    assertEquals(1, r.protocol());
    assertEquals(65536, r.limits().maxFrameBytes());
    assertEquals(Encoding.JSON, r.encoding());

    Batch b = (Batch) Frames.decode(Examples.valid("batch-server").toBuffer(), Encoding.JSON);
    assertInstanceOf(Ack.class, b.messages().get(0));
    assertTrue(((Ack) b.messages().get(0)).duplicate());

    Deliver d = (Deliver) Frames.decode(Examples.valid("deliver").toBuffer(), Encoding.JSON);
    assertEquals(43, d.seq());
    assertEquals("862d22b6e6d42d0a0b30c30a6e2496590bc01d66605c67003fe21bf690afe23d", d.sig());
  }
}
