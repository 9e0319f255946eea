package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.signing.CanonicalJson;
import io.switchboard.protocol.signing.DeliverSignature;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
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
    assertEquals(json.toString(StandardCharsets.UTF_8), envelope.jsonText());
  }
}
