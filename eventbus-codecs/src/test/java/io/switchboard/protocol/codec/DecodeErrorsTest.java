package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Limits;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.message.ErrorMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a frame can be rejected yields the documented code, field and ref, in both encodings. */
class DecodeErrorsTest {

  /** Fields that may be left out, per message type. Everything else is required. */
  private static final Map<String, Set<String>> OPTIONAL = Map.ofEntries(
      Map.entry("subscribe", Set.of("filter", "resume")),
      Map.entry("publish", Set.of("priority", "ack", "e2e", "mentions")),
      Map.entry("subscribed", Set.of("position")),
      Map.entry("ack", Set.of("duplicate")),
      Map.entry("deliver", Set.of("e2e", "sig", "origin")),
      Map.entry("error", Set.of("ref", "field", "retryable")),
      Map.entry("presence", Set.of("selection")),
      Map.entry("remote_edit", Set.of("clientEditId")),
      Map.entry("join", Set.of("resume")),
      Map.entry("joined", Set.of("epoch", "resumed")),
      Map.entry("edit", Set.of("resent")));

  private static ProtocolException reject(JsonObject frame, Encoding encoding) {
    Buffer bytes = encoding == Encoding.JSON ? frame.toBuffer() : Examples.msgpack(frame);
    return assertThrows(ProtocolException.class, () -> Frames.decode(bytes, encoding));
  }

  private static void expect(JsonObject frame, ErrorCode code, String field, String ref) {
    for (Encoding encoding : Encoding.values()) {
      ProtocolException e = reject(frame, encoding);
      assertEquals(code, e.code(), encoding + ": " + e.getMessage());
      assertEquals(field, e.field(), encoding + ": " + e.getMessage());
      assertEquals(ref, e.ref(), encoding + ": " + e.getMessage());
    }
  }

  private static ProtocolException rejectJson(String text) {
    return assertThrows(ProtocolException.class, () -> Frames.decodeClient(Buffer.buffer(text), Encoding.JSON));
  }

  private static ProtocolException rejectMsgPack(byte[] bytes) {
    return assertThrows(ProtocolException.class, () -> Frames.decodeClient(Buffer.buffer(bytes), Encoding.MSGPACK));
  }

  private static List<String> singleMessageExamples() {
    List<String> names = new ArrayList<>();
    for (String name : Examples.valid().fieldNames()) {
      if (!name.startsWith("batch")) {
        names.add(name);
      }
    }
    return names;
  }

  @TestFactory
  Stream<DynamicTest> eachMissingRequiredFieldIsNamed() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : singleMessageExamples()) {
      JsonObject frame = Examples.valid(name);
      String type = frame.getString("type");
      String id = type.equals("error") ? null : frame.getString("id");
      for (String field : frame.fieldNames()) {
        if (OPTIONAL.getOrDefault(type, Set.of()).contains(field)) {
          continue;
        }
        tests.add(dynamicTest(name + " without " + field, () -> {
          JsonObject broken = Examples.valid(name);
          broken.remove(field);
          expect(broken, ErrorCode.MISSING_FIELD, field, field.equals("id") ? null : id);
        }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> eachWronglyTypedFieldIsNamed() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : singleMessageExamples()) {
      for (String field : Examples.valid(name).fieldNames()) {
        if (field.equals("payload")) {
          continue; // any JSON value is a valid payload
        }
        tests.add(dynamicTest(name + " with a wrongly typed " + field, () -> {
          JsonObject broken = Examples.valid(name);
          Object original = broken.getValue(field);
          broken.put(field, original instanceof String ? (Object) 42 : "x");
          String id = broken.getValue("id") instanceof String s && !broken.getString("type").equals("error") ? s : null;
          expect(broken, ErrorCode.INVALID_FIELD, field, id);
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void nestedFieldsAreNamedWithTheirPath() {
    JsonObject sub = Examples.valid("subscribe-resume");
    sub.getJsonObject("resume").remove("seq");
    expect(sub, ErrorCode.MISSING_FIELD, "resume.seq", "s3");

    sub = Examples.valid("subscribe-resume");
    sub.getJsonObject("resume").put("seq", -1);
    expect(sub, ErrorCode.INVALID_FIELD, "resume.seq", "s3");

    JsonObject gap = Examples.valid("gap");
    gap.getJsonObject("available").put("epoch", 7);
    expect(gap, ErrorCode.INVALID_FIELD, "available.epoch", null);

    JsonObject ready = Examples.valid("ready");
    ready.getJsonObject("limits").put("maxBatch", 0);
    expect(ready, ErrorCode.INVALID_FIELD, "limits.maxBatch", null);

    ready = Examples.valid("ready");
    ready.put("features", new JsonArray().add("resume").add(3));
    expect(ready, ErrorCode.INVALID_FIELD, "features[1]", null);
  }

  @Test
  void valuesOutOfRange() {
    JsonObject p = Examples.valid("publish");
    expect(p.copy().put("priority", 5), ErrorCode.INVALID_FIELD, "priority", "p1");
    expect(p.copy().put("priority", -1), ErrorCode.INVALID_FIELD, "priority", "p1");
    expect(p.copy().put("priority", 1L << 40), ErrorCode.INVALID_FIELD, "priority", "p1");
    expect(p.copy().put("priority", 1.0), ErrorCode.INVALID_FIELD, "priority", "p1");
    expect(p.copy().put("id", ""), ErrorCode.INVALID_FIELD, "id", "");
    expect(p.copy().put("id", "x".repeat(129)), ErrorCode.INVALID_FIELD, "id", "x".repeat(129));
    expect(p.copy().put("id", "a\nb"), ErrorCode.INVALID_FIELD, "id", "a\nb");
    expect(p.copy().put("topic", "chat.>"), ErrorCode.INVALID_FIELD, "topic", "p1");
    expect(p.copy().put("e2e", true), ErrorCode.INVALID_FIELD, "payload", "p1");
    expect(p.copy().put("ack", "yes"), ErrorCode.INVALID_FIELD, "ack", "p1");

    JsonObject ack = Examples.valid("ack");
    expect(ack.copy().put("seq", -1), ErrorCode.INVALID_FIELD, "seq", "p1");
    expect(ack.copy().put("seq", 1L << 53), ErrorCode.INVALID_FIELD, "seq", "p1");

    JsonObject ping = new JsonObject().put("type", "ping").put("ts", 1.5);
    expect(ping, ErrorCode.INVALID_FIELD, "ts", null);
    ProtocolException big = rejectJson("{\"type\":\"ping\",\"ts\":18446744073709551615}");
    assertEquals(ErrorCode.INVALID_FIELD, big.code());
    assertEquals("ts", big.field());

    JsonObject sub = Examples.valid("subscribe-resume").put("topic", "chat.*");
    expect(sub, ErrorCode.INVALID_FIELD, "resume", "s3");
  }

  @Test
  void collaborationFieldsAreCheckedWithTheirPath() {
    JsonObject edit = Examples.valid("edit");
    expect(edit.copy().put("op", new JsonArray()), ErrorCode.INVALID_FIELD, "op", "e7");
    expect(edit.copy().put("op", new JsonArray().add(2).add(0).add("x")), ErrorCode.INVALID_FIELD, "op[1]", "e7");
    expect(edit.copy().put("op", new JsonArray().add(2).add(1.5)), ErrorCode.INVALID_FIELD, "op[1]", "e7");
    expect(edit.copy().put("op", new JsonArray().add(2).add(2.0)), ErrorCode.INVALID_FIELD, "op[1]", "e7");
    expect(edit.copy().put("op", new JsonArray().add("a").addNull()), ErrorCode.INVALID_FIELD, "op[1]", "e7");
    expect(edit.copy().put("op", new JsonArray().add(true)), ErrorCode.INVALID_FIELD, "op[0]", "e7");
    expect(edit.copy().put("op", new JsonArray().add(1).add(1).add("")), ErrorCode.INVALID_FIELD, "op[2]", "e7");
    expect(edit.copy().put("op", new JsonArray().add(new JsonArray().add(2))), ErrorCode.INVALID_FIELD, "op[0]", "e7");
    expect(edit.copy().put("op", new JsonArray().add(new JsonObject().put("a", 1))), ErrorCode.INVALID_FIELD, "op[0]", "e7");
    expect(edit.copy().put("op", new JsonArray().add(3L << 31)), ErrorCode.INVALID_FIELD, "op[0]", "e7");
    expect(edit.copy().put("op", new JsonArray().add(Integer.MAX_VALUE).add(1)), ErrorCode.INVALID_FIELD, "op[1]", "e7");
    ProtocolException lone = rejectJson("{\"type\":\"edit\",\"id\":\"e\",\"session\":\"s\",\"revision\":0,\"op\":[1,\"\\ud83d\"]}");
    assertEquals(ErrorCode.INVALID_FIELD, lone.code(), lone.getMessage());
    assertEquals("op[1]", lone.field());
    ProtocolException uint64 = rejectJson("{\"type\":\"edit\",\"id\":\"e\",\"session\":\"s\",\"revision\":0,\"op\":[18446744073709551615]}");
    assertEquals(ErrorCode.INVALID_FIELD, uint64.code(), uint64.getMessage());
    assertEquals("op[0]", uint64.field());

    JsonArray big = new JsonArray();
    for (int i = 0; i < 10_001; i++) {
      big.add(1);
    }
    expect(edit.copy().put("op", big), ErrorCode.TOO_LARGE, "op", "e7");
    big.remove(10_000);
    assertEquals(1, ((io.switchboard.protocol.message.Edit) Frames.decode(edit.copy().put("op", big).toBuffer(), Encoding.JSON))
        .op().components().size(), "10 000 components are fine (and normalized)");

    expect(edit.copy().put("revision", -1), ErrorCode.INVALID_FIELD, "revision", "e7");
    expect(edit.copy().put("revision", 1L << 53), ErrorCode.INVALID_FIELD, "revision", "e7");
    expect(edit.copy().put("session", ""), ErrorCode.INVALID_FIELD, "session", "e7");
    expect(edit.copy().put("session", "s".repeat(129)), ErrorCode.INVALID_FIELD, "session", "e7");
    expect(edit.copy().put("session", "a\u0000b"), ErrorCode.INVALID_FIELD, "session", "e7");
    expect(Examples.valid("join").put("session", "a\tb"), ErrorCode.INVALID_FIELD, "session", "j1");
    assertEquals("s".repeat(128), ((io.switchboard.protocol.message.Join) Frames.decode(
        Examples.valid("join").put("session", "s".repeat(128)).toBuffer(), Encoding.JSON)).session());

    JsonObject remote = Examples.valid("remote-edit");
    expect(remote.copy().put("op", new JsonArray().add(0)), ErrorCode.INVALID_FIELD, "op[0]", null);
    expect(remote.copy().put("clientEditId", ""), ErrorCode.INVALID_FIELD, "clientEditId", null);
    expect(remote.copy().put("author", ""), ErrorCode.INVALID_FIELD, "author", null);

    JsonObject presence = Examples.valid("presence-client");
    expect(presence.copy().put("cursor", -1), ErrorCode.INVALID_FIELD, "cursor", null);
    expect(presence.copy().put("cursor", 1L << 31), ErrorCode.INVALID_FIELD, "cursor", null);
    expect(presence.copy().put("selection", new JsonObject().put("start", 3)), ErrorCode.MISSING_FIELD, "selection.end", null);
    expect(presence.copy().put("selection", new JsonObject().put("start", -1).put("end", 3)), ErrorCode.INVALID_FIELD, "selection.start", null);
    expect(presence.copy().put("selection", new JsonObject().put("start", 1).put("end", "3")), ErrorCode.INVALID_FIELD, "selection.end", null);
    expect(presence.copy().put("selection", new JsonObject().put("start", 4).put("end", 3)), ErrorCode.INVALID_FIELD, "selection.end", null);
    JsonObject remotePresence = Examples.valid("presence-server");
    expect(remotePresence.copy().put("selection", new JsonObject().put("start", 4).put("end", 3)), ErrorCode.INVALID_FIELD, "selection.end", null);
    expect(remotePresence.copy().put("cursor", -5), ErrorCode.INVALID_FIELD, "cursor", null);

    JsonObject joined = Examples.valid("joined");
    joined.getJsonArray("participants").add("dave");
    expect(joined, ErrorCode.INVALID_FIELD, "participants[2]", "j1");
    joined = Examples.valid("joined");
    joined.getJsonArray("participants").getJsonObject(1).remove("connectionId");
    expect(joined, ErrorCode.MISSING_FIELD, "participants[1].connectionId", "j1");
    joined = Examples.valid("joined");
    joined.getJsonArray("participants").getJsonObject(0).put("user", 7);
    expect(joined, ErrorCode.INVALID_FIELD, "participants[0].user", "j1");
    joined = Examples.valid("joined");
    joined.getJsonArray("participants").getJsonObject(0).put("connectionId", "");
    expect(joined, ErrorCode.INVALID_FIELD, "participants[0].connectionId", "j1");
    joined = Examples.valid("joined").put("text", "").put("participants", new JsonArray()).put("revision", 0);
    assertEquals("", ((io.switchboard.protocol.message.Joined) Frames.decode(joined.toBuffer(), Encoding.JSON)).text());

    JsonObject batch = new JsonObject().put("type", "batch").put("messages", new JsonArray()
        .add(Examples.valid("join")).add(edit.copy().put("op", new JsonArray().add(1).add(0))));
    expect(batch, ErrorCode.INVALID_FIELD, "messages[1].op[1]", "e7");
  }

  @Test
  void collaborationErrorCodes() {
    Map<ErrorCode, String> wire = Map.of(ErrorCode.NOT_FOUND, "not_found", ErrorCode.SESSION_ENDED, "session_ended",
        ErrorCode.RESYNC, "resync", ErrorCode.INVALID_REVISION, "invalid_revision",
        ErrorCode.DOCUMENT_TOO_LARGE, "document_too_large", ErrorCode.BASE_LENGTH_MISMATCH, "base_length_mismatch",
        ErrorCode.DELETE_PAST_END, "delete_past_end", ErrorCode.RETAIN_PAST_END, "retain_past_end");
    wire.forEach((code, name) -> {
      assertEquals(name, code.wire());
      assertSame(code, ErrorCode.ofWire(name));
      assertEquals(code == ErrorCode.RESYNC, code.retryable(), name);
    });
    // the OT codes pass through unchanged
    for (String ot : List.of(io.switchboard.ot.OperationException.BASE_LENGTH_MISMATCH,
        io.switchboard.ot.OperationException.DELETE_PAST_END, io.switchboard.ot.OperationException.RETAIN_PAST_END,
        io.switchboard.ot.OperationException.RESYNC, io.switchboard.ot.OperationException.INVALID_REVISION)) {
      assertEquals(ot, ErrorCode.ofWire(ot).wire());
    }
    assertNull(ErrorCode.ofWire("invalid_component"));
    assertEquals(ErrorCode.values().length, java.util.Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).distinct().count());
  }

  @Test
  void typeProblems() {
    expect(new JsonObject().put("type", "shout").put("id", "x"), ErrorCode.UNKNOWN_TYPE, "type", "x");
    expect(new JsonObject().put("type", 7).put("id", "x"), ErrorCode.INVALID_FIELD, "type", "x");
    expect(new JsonObject().putNull("type"), ErrorCode.MISSING_FIELD, "type", null);

    // a direction-aware decoder refuses the other side's types
    ProtocolException fromClient = rejectJson(Examples.valid("deliver").encode());
    assertEquals(ErrorCode.UNKNOWN_TYPE, fromClient.code());
    assertTrue(fromClient.getMessage().contains("deliver"), fromClient.getMessage());
    ProtocolException fromServer = assertThrows(ProtocolException.class,
        () -> Frames.decodeServer(Examples.valid("publish").toBuffer(), Encoding.JSON));
    assertEquals(ErrorCode.UNKNOWN_TYPE, fromServer.code());
    assertEquals("p1", fromServer.ref());
  }

  @Test
  void batchProblems() {
    JsonObject nested = new JsonObject().put("type", "batch").put("messages", new JsonArray()
        .add(new JsonObject().put("type", "batch").put("messages", new JsonArray())));
    expect(nested, ErrorCode.INVALID_FIELD, "messages[0].type", null);

    JsonObject notObject = new JsonObject().put("type", "batch").put("messages", new JsonArray()
        .add(new JsonObject().put("type", "ping").put("ts", 1)).add("ping"));
    expect(notObject, ErrorCode.INVALID_FIELD, "messages[1]", null);

    expect(new JsonObject().put("type", "batch").put("messages", new JsonArray()),
        ErrorCode.INVALID_FIELD, "messages", null);

    JsonObject badInner = new JsonObject().put("type", "batch").put("messages", new JsonArray()
        .add(new JsonObject().put("type", "subscribe").put("id", "s1").put("topic", "a"))
        .add(new JsonObject().put("type", "subscribe").put("id", "s2").put("topic", "a")
            .put("filter", new JsonObject().put("and", new JsonArray().add(new JsonObject().put("field", "x"))))));
    expect(badInner, ErrorCode.MISSING_FIELD, "messages[1].filter.and[0].op", "s2");

    JsonArray many = new JsonArray();
    for (int i = 0; i < 3; i++) {
      many.add(new JsonObject().put("type", "ping").put("ts", i));
    }
    Limits two = new Limits(65_536, 2, 10, 10);
    ProtocolException e = assertThrows(ProtocolException.class, () -> Frames.decodeClient(
        new JsonObject().put("type", "batch").put("messages", many).toBuffer(), Encoding.JSON, two));
    assertEquals(ErrorCode.TOO_LARGE, e.code());
    assertEquals("messages", e.field());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "nul", "{\"type\":\"ping\",\"ts\":1} {}", "{\"type\":\"ping\",\"ts\":1} x",
      "[]", "\"ping\"", "42", "null", "{'type':'ping'}", "{\"type\":\"ping\",\"ts\":01}", "{\"type\":\"ping\" \"ts\":1}"})
  void malformedJson(String text) {
    ProtocolException e = rejectJson(text);
    assertEquals(ErrorCode.MALFORMED, e.code(), e.getMessage());
    assertNull(e.field());
    assertNull(e.ref());
  }

  @Test
  void invalidUtf8InJsonIsMalformed() {
    byte[] bytes = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertEquals(ErrorCode.MALFORMED, rejectMsgPackOrJson(bytes, Encoding.JSON).code());
  }

  private static ProtocolException rejectMsgPackOrJson(byte[] bytes, Encoding encoding) {
    return assertThrows(ProtocolException.class, () -> Frames.decodeClient(Buffer.buffer(bytes), encoding));
  }

  @Test
  void numbersOutsideTheModelAreInvalidFields() {
    ProtocolException huge = rejectJson("{\"type\":\"publish\",\"id\":\"p\",\"topic\":\"t\",\"payload\":{\"n\":[18446744073709551616]}}");
    assertEquals(ErrorCode.INVALID_FIELD, huge.code());
    assertEquals("payload", huge.field());
    assertEquals("p", huge.ref());

    ProtocolException negative = rejectJson("{\"type\":\"publish\",\"id\":\"p\",\"topic\":\"t\",\"payload\":-9223372036854775809}");
    assertEquals(ErrorCode.INVALID_FIELD, negative.code());

    ProtocolException infinite = rejectJson("{\"type\":\"publish\",\"id\":\"p\",\"topic\":\"t\",\"payload\":1e400}");
    assertEquals(ErrorCode.INVALID_FIELD, infinite.code(), infinite.getMessage());
    assertEquals("payload", infinite.field());
  }

  @Test
  void duplicateKeysLastOneWins() {
    String json = "{\"type\":\"ping\",\"ts\":1,\"ts\":2}";
    assertEquals(2L, ((io.switchboard.protocol.message.Ping) Frames.decodeClient(Buffer.buffer(json), Encoding.JSON)).ts());
    // fixmap of 3: type=ping, ts=1, ts=2
    byte[] msgpack = {(byte) 0x83, (byte) 0xa4, 't', 'y', 'p', 'e', (byte) 0xa4, 'p', 'i', 'n', 'g',
        (byte) 0xa2, 't', 's', 0x01, (byte) 0xa2, 't', 's', 0x02};
    assertEquals(2L, ((io.switchboard.protocol.message.Ping) Frames.decodeClient(Buffer.buffer(msgpack), Encoding.MSGPACK)).ts());
  }

  @Test
  void tooLargeFrames() {
    Limits small = new Limits(64, 10, 10, 10);
    String text = "{\"type\":\"ping\",\"ts\":1,\"pad\":\"" + "x".repeat(60) + "\"}";
    ProtocolException json = assertThrows(ProtocolException.class,
        () -> Frames.decodeClient(Buffer.buffer(text), Encoding.JSON, small));
    assertEquals(ErrorCode.TOO_LARGE, json.code());
    assertTrue(json.getMessage().contains("64"), json.getMessage());

    ProtocolException msgpack = assertThrows(ProtocolException.class,
        () -> Frames.decodeClient(Examples.msgpack(new JsonObject(text)), Encoding.MSGPACK, small));
    assertEquals(ErrorCode.TOO_LARGE, msgpack.code());

    // 22 characters, but 66 UTF-8 bytes: the text path counts bytes, not characters
    String wide = "{\"type\":\"ping\",\"ts\":1,\"p\":\"" + "€".repeat(22) + "\"}";
    assertEquals(ErrorCode.TOO_LARGE, assertThrows(ProtocolException.class,
        () -> Frames.decodeClientText(wide, new Limits(80, 10, 10, 10))).code());
    assertEquals(1L, ((io.switchboard.protocol.message.Ping) Frames.decodeClientText(wide, new Limits(100, 10, 10, 10))).ts());
  }

  @Test
  void tooDeepNesting() {
    String deep = "[".repeat(40) + "]".repeat(40);
    String frame = "{\"type\":\"publish\",\"id\":\"p\",\"topic\":\"t\",\"payload\":" + deep + "}";
    ProtocolException json = rejectJson(frame);
    assertEquals(ErrorCode.TOO_LARGE, json.code());
    assertEquals("payload", json.field());
    assertEquals("p", json.ref());

    // MsgPack: 40 nested fixarrays of one element, ending in nil
    byte[] prefix = Examples.msgpack(new JsonObject().put("type", "publish").put("id", "p").put("topic", "t")).getBytes();
    byte[] bytes = new byte[prefix.length + 8 + 40 + 1];
    System.arraycopy(prefix, 0, bytes, 0, prefix.length);
    bytes[0] = (byte) 0x84; // fixmap of 4 instead of 3
    int i = prefix.length;
    bytes[i++] = (byte) 0xa7; // fixstr "payload"
    for (byte b : "payload".getBytes()) {
      bytes[i++] = b;
    }
    for (int d = 0; d < 40; d++) {
      bytes[i++] = (byte) 0x91;
    }
    bytes[i] = (byte) 0xc0;
    ProtocolException m = rejectMsgPack(bytes);
    assertEquals(ErrorCode.TOO_LARGE, m.code(), m.getMessage());
    assertEquals("payload", m.field());
  }

  @Test
  void aMessageThatFitsAloneAlsoFitsInABatch() {
    Object payload = null;
    for (int i = 0; i < 30; i++) { // outermost array at depth 2, innermost at 31 (limit 32)
      payload = new JsonArray().add(payload);
    }
    io.switchboard.protocol.message.Deliver deliver =
        new io.switchboard.protocol.message.Deliver("t", "e", 1, "m", "u", 0, payload);
    io.switchboard.protocol.message.Batch batch = new io.switchboard.protocol.message.Batch(List.of(deliver));
    for (Encoding encoding : Encoding.values()) {
      assertEquals(deliver, Frames.decodeServer(Frames.encode(deliver, encoding), encoding));
      assertEquals(batch, Frames.decodeServer(Frames.encode(batch, encoding), encoding));
    }
    JsonObject tooDeep = Frames.toJson(batch);
    tooDeep.getJsonArray("messages").getJsonObject(0).put("payload", new JsonArray().add(new JsonArray().add(payload)));
    expect(tooDeep, ErrorCode.TOO_LARGE, "messages", null);
  }

  @Test
  void malformedMsgPack() {
    byte[] ping = Examples.msgpack(new JsonObject().put("type", "ping").put("ts", 1)).getBytes();
    assertEquals(ErrorCode.MALFORMED, rejectMsgPack(new byte[0]).code());
    assertEquals(ErrorCode.MALFORMED, rejectMsgPack(java.util.Arrays.copyOf(ping, ping.length - 1)).code());
    byte[] trailing = java.util.Arrays.copyOf(ping, ping.length + 1);
    trailing[ping.length] = (byte) 0xc0;
    ProtocolException t = rejectMsgPack(trailing);
    assertEquals(ErrorCode.MALFORMED, t.code());
    assertTrue(t.getMessage().contains("trailing"), t.getMessage());
    // top level array
    assertEquals(ErrorCode.MALFORMED, rejectMsgPack(new byte[] {(byte) 0x91, 0x01}).code());
    // reserved format byte 0xc1
    assertEquals(ErrorCode.MALFORMED, rejectMsgPack(new byte[] {(byte) 0x81, (byte) 0xa1, 'a', (byte) 0xc1}).code());
    // integer map key
    assertEquals(ErrorCode.MALFORMED, rejectMsgPack(new byte[] {(byte) 0x81, 0x01, 0x02}).code());
    // bin 8 value and ext value: outside the JSON model
    ProtocolException bin = rejectMsgPack(new byte[] {(byte) 0x81, (byte) 0xa1, 'a', (byte) 0xc4, 0x01, 0x00});
    assertTrue(bin.getMessage().contains("binary"), bin.getMessage());
    assertEquals(ErrorCode.MALFORMED, rejectMsgPack(new byte[] {(byte) 0x81, (byte) 0xa1, 'a', (byte) 0xd4, 0x01, 0x00}).code());
    // invalid UTF-8 in a string
    ProtocolException utf = rejectMsgPack(new byte[] {(byte) 0x81, (byte) 0xa1, 'a', (byte) 0xa2, (byte) 0xc3, 0x28});
    assertTrue(utf.getMessage().contains("UTF-8"), utf.getMessage());
    // array32 declaring 2^31-1 elements in a 10-byte frame: refused before allocating
    ProtocolException forged = rejectMsgPack(new byte[] {(byte) 0x81, (byte) 0xa1, 'a', (byte) 0xdd, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x00});
    assertTrue(forged.getMessage().contains("declared length"), forged.getMessage());
    // str32 declaring 2 GB
    assertEquals(ErrorCode.MALFORMED, rejectMsgPack(new byte[] {(byte) 0x81, (byte) 0xa1, 'a', (byte) 0xdb, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}).code());
  }

  @Test
  void nonFiniteMsgPackDoubleIsInvalid() {
    byte[] prefix = Examples.msgpack(new JsonObject().put("type", "ping")).getBytes();
    byte[] bytes = new byte[prefix.length + 3 + 9];
    System.arraycopy(prefix, 0, bytes, 0, prefix.length);
    bytes[0] = (byte) 0x82;
    int i = prefix.length;
    bytes[i++] = (byte) 0xa2;
    bytes[i++] = 't';
    bytes[i++] = 's';
    bytes[i++] = (byte) 0xcb; // float64 NaN
    long nan = Double.doubleToRawLongBits(Double.NaN);
    for (int b = 7; b >= 0; b--) {
      bytes[i++] = (byte) (nan >>> (8 * b));
    }
    ProtocolException e = rejectMsgPack(bytes);
    assertEquals(ErrorCode.INVALID_FIELD, e.code());
    assertEquals("ts", e.field());
  }

  @Test
  void exceptionBecomesTheErrorReply() {
    ProtocolException e = rejectJson("{\"type\":\"publish\",\"id\":\"p9\",\"payload\":{}}");
    ErrorMessage reply = e.toErrorMessage();
    assertEquals(new ErrorMessage("missing_field", "missing field 'topic'", "p9", "topic", false), reply);
    assertEquals(0, e.getStackTrace().length, "no stack trace captured for client errors");
    assertFalse(ErrorCode.MALFORMED.retryable());
    assertTrue(ErrorCode.RATE_LIMITED.retryable());
  }
}
