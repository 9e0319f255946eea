package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.switchboard.ot.TextOperation;
import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.message.ClientMessage;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Edit;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.message.RemoteEdit;
import io.switchboard.protocol.signing.CanonicalJson;
import io.switchboard.protocol.signing.DeliverSignature;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RoundTripPropertyTest {

  @Provide
  Arbitrary<Message> messages() {
    return MessageArbitraries.anyMessage();
  }

  @Provide
  Arbitrary<Object> payloads() {
    return MessageArbitraries.payload();
  }

  @Provide
  Arbitrary<Message> delivers() {
    return MessageArbitraries.deliver();
  }

  @Provide
  Arbitrary<Message> collaboration() {
    return Arbitraries.oneOf(MessageArbitraries.collaborationClientMessage(), MessageArbitraries.collaborationServerMessage());
  }

  @Provide
  Arbitrary<TextOperation> operations() {
    return MessageArbitraries.operation();
  }

  @Property(tries = 300)
  void collaborationMessagesRoundTripInBothEncodings(@ForAll("collaboration") Message message) {
    for (Encoding encoding : Encoding.values()) {
      Buffer frame = Frames.encode(message, encoding);
      Message decoded = Frames.decode(frame, encoding);
      assertEquals(message, decoded, encoding.name());
      assertEquals(frame, Frames.encode(decoded, encoding), "re-encoding is byte-identical");
      // the direction-aware decoders read it too (presence: each reads its own form)
      Message directed = message instanceof ClientMessage
          ? Frames.decodeClient(frame, encoding) : Frames.decodeServer(frame, encoding);
      assertEquals(message, directed, encoding.name());
      // and so does the cluster wire (direction-less, trusted)
      assertEquals(message, Frames.decodeTrusted(frame, encoding), encoding.name());
    }
  }

  @Property(tries = 300)
  void editOperationsSurviveBothEncodingsInTheOtJsForm(@ForAll("operations") TextOperation op) {
    Edit edit = new Edit("e", "doc", 7, op);
    RemoteEdit remote = new RemoteEdit("doc", 8, op, "alice", "e");
    for (Encoding encoding : Encoding.values()) {
      Edit e = (Edit) Frames.decodeClient(Frames.encode(edit, encoding), encoding);
      assertEquals(op, e.op());
      assertEquals(op.baseLength(), e.op().baseLength());
      assertEquals(op.targetLength(), e.op().targetLength());
      RemoteEdit r = (RemoteEdit) Frames.decodeServer(Frames.encode(remote, encoding), encoding);
      assertEquals(op, r.op());
    }
    assertEquals(op.toJson(), Frames.toJson(edit).getJsonArray("op"), "the op field is exactly TextOperation.toJson()");
  }

  @Property(tries = 500)
  void deliverMsgPackIsTheTreePathByteForByte(@ForAll("delivers") Message message) {
    // the direct writer of deliver frames must stay the same bytes as the general one (stored logs, cluster wire)
    assertArrayEquals(MsgPackFrameWriter.write(TreeWriter.write(message)),
        MsgPackFrameWriter.writeDeliver((io.switchboard.protocol.message.Deliver) message));
  }

  @Property(tries = 500)
  void deliverJsonIsTheTreePathByteForByte(@ForAll("delivers") Message message) {
    // the direct writer of JSON deliver frames must stay the bytes the general one writes (what clients parse)
    assertEquals(TreeWriter.write(message).toBuffer(),
        JsonFrameWriter.writeDeliver((io.switchboard.protocol.message.Deliver) message));
  }

  @Property(tries = 500)
  void jsonModelJson(@ForAll("messages") Message message) {
    Buffer json = Frames.encodeJson(message);
    Message decoded = Frames.decode(json, Encoding.JSON);
    assertEquals(message, decoded);
    assertEquals(json, Frames.encodeJson(decoded), "re-encoding is byte-identical");
  }

  @Property(tries = 500)
  void msgpackModelMsgpack(@ForAll("messages") Message message) {
    Buffer msgpack = Frames.encodeMsgPack(message);
    Message decoded = Frames.decode(msgpack, Encoding.MSGPACK);
    assertEquals(message, decoded);
    assertEquals(msgpack, Frames.encodeMsgPack(decoded), "re-encoding is byte-identical");
  }

  @Property(tries = 500)
  void jsonAndMsgPackAreEquivalent(@ForAll("messages") Message message) {
    Message viaJson = Frames.decode(Frames.encodeJson(message), Encoding.JSON);
    Message viaMsgPack = Frames.decode(Frames.encodeMsgPack(message), Encoding.MSGPACK);
    assertEquals(viaJson, viaMsgPack);
    // transcoding in either direction lands on the same bytes
    assertEquals(Frames.encodeJson(message), Frames.encodeJson(viaMsgPack));
    assertEquals(Frames.encodeMsgPack(message), Frames.encodeMsgPack(viaJson));
  }

  @Property(tries = 500)
  void anyPayloadSurvivesBothEncodingsWithTheSameCanonicalForm(@ForAll("payloads") Object payload) {
    Publish publish = new Publish("p", "t", payload);
    Publish viaJson = (Publish) Frames.decode(Frames.encodeJson(publish), Encoding.JSON);
    Publish viaMsgPack = (Publish) Frames.decode(Frames.encodeMsgPack(publish), Encoding.MSGPACK);
    assertEquals(CanonicalJson.write(payload), CanonicalJson.write(viaJson.payload()));
    assertEquals(CanonicalJson.write(payload), CanonicalJson.write(viaMsgPack.payload()));
  }

  @Property(tries = 200)
  void signatureSurvivesEitherEncoding(@ForAll("delivers") Message message) {
    DeliverSignature signer = new DeliverSignature("k".getBytes(StandardCharsets.UTF_8));
    Deliver signed = signer.sign((Deliver) message);
    for (Encoding encoding : Encoding.values()) {
      Deliver received = (Deliver) Frames.decode(Frames.encode(signed, encoding), encoding);
      assertEquals(true, signer.verify(received), encoding.name());
    }
  }

  @Property(tries = 200)
  void envelopeEncodesOncePerEncoding(@ForAll("messages") Message message) {
    Envelope envelope = Envelope.of(message);
    Buffer json = envelope.json();
    assertSame(json, envelope.json());
    assertSame(envelope.msgpack(), envelope.encoded(Encoding.MSGPACK));
    assertEquals(Frames.encodeJson(message), json);
    assertEquals(Frames.encodeMsgPack(message), envelope.msgpack());
  }
}
