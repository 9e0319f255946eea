package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.switchboard.ot.TextOperation;
import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.message.Ack;
import io.switchboard.protocol.message.Batch;
import io.switchboard.protocol.message.ClientMessage;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Edit;
import io.switchboard.protocol.message.EditAck;
import io.switchboard.protocol.message.Joined;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.MessageType;
import io.switchboard.protocol.message.Participant;
import io.switchboard.protocol.message.Presence;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.message.Ready;
import io.switchboard.protocol.message.RemoteEdit;
import io.switchboard.protocol.message.RemotePresence;
import io.switchboard.protocol.message.Selection;
import io.switchboard.protocol.message.Subscribe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
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
      seen.add(Frames.decode(Examples.valid(name).toBuffer(), Encoding.JSON).type());
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

  @Test
  void collaborationExamplesFitTogether() {
    Joined joined = (Joined) Frames.decodeServer(Examples.valid("joined").toBuffer(), Encoding.JSON);
    assertEquals(List.of(new Participant("alice", "c-7f3a"), new Participant("bob", "c-91bd")), joined.participants());
    for (Encoding encoding : Encoding.values()) {
      Buffer frame = encoding == Encoding.JSON ? Examples.valid("edit").toBuffer() : Examples.msgpack(Examples.valid("edit"));
      Edit edit = (Edit) Frames.decodeClient(frame, encoding);
      assertEquals(TextOperation.builder().retain(5).insert("hello").delete(3).retain(2).build(), edit.op());
      assertEquals(joined.revision(), edit.revision());
      // the documented edit applies to the documented text; the server broadcasts it as the remote_edit example
      assertEquals("abcdehellohi", edit.op().apply(joined.text()));
    }
    EditAck ack = (EditAck) Frames.decodeServer(Examples.valid("edit-ack").toBuffer(), Encoding.JSON);
    RemoteEdit remote = (RemoteEdit) Frames.decodeServer(Examples.valid("remote-edit").toBuffer(), Encoding.JSON);
    assertEquals(joined.revision() + 1, ack.revision());
    assertEquals(ack.revision(), remote.revision());
    assertEquals(ack.id(), remote.clientEditId());
  }

  @Test
  void presenceIsReadByDirection() {
    JsonObject client = Examples.valid("presence-client");
    JsonObject server = Examples.valid("presence-server");
    for (Encoding encoding : Encoding.values()) {
      Presence p = (Presence) Frames.decodeClient(Examples.encoded(client, encoding), encoding);
      assertEquals(new Presence("doc-42", 10, new Selection(5, 10)), p);
      RemotePresence r = (RemotePresence) Frames.decodeServer(Examples.encoded(server, encoding), encoding);
      assertEquals(new RemotePresence("doc-42", "alice", "c-7f3a", 10, new Selection(5, 10)), r);
      // a server decoder ignores extra fields, so the server form sent by a client is its own presence
      assertEquals(p, Frames.decodeClient(Examples.encoded(server, encoding), encoding));
      // the direction-less decoder tells them apart by user / connectionId
      assertInstanceOf(Presence.class, Frames.decode(Examples.encoded(client, encoding), encoding));
      assertInstanceOf(RemotePresence.class, Frames.decode(Examples.encoded(server, encoding), encoding));
      // a client decoder needs the server form
      ProtocolException e = assertThrows(ProtocolException.class,
          () -> Frames.decodeServer(Examples.encoded(client, encoding), encoding));
      assertEquals(ErrorCode.MISSING_FIELD, e.code());
      assertEquals("user", e.field());
    }
    assertEquals(MessageType.PRESENCE, MessageType.fromClient("presence"));
    assertEquals(MessageType.REMOTE_PRESENCE, MessageType.fromServer("presence"));
    assertEquals("presence", MessageType.REMOTE_PRESENCE.wire());
    assertNull(MessageType.fromClient("remote_edit"));
    assertNull(MessageType.fromServer("edit"));
  }
}
