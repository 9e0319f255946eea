package io.switchboard.protocol.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.message.Deliver;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private static final Deliver DELIVER = new Deliver("chat.lobby", "k3x9", 43, "m-1", "alice", 1767225600200L,
      new JsonObject().put("text", "héllo 👋").put("n", 3L).put("big", new java.math.BigInteger("18446744073709551615")));

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void registerIsIdempotent() {
    EventBus bus = vertx.eventBus();
    EnvelopeCodec.register(bus);
    EnvelopeCodec.register(bus); // a second verticle instance doing the same must not fail
    EnvelopeCodec.register(bus);
  }

  @Test
  void localSendDeliversTheSameInstance() throws Exception {
    EnvelopeCodec.register(vertx.eventBus());
    Envelope envelope = Envelope.of(DELIVER);
    Promise<Envelope> first = Promise.promise();
    Promise<Envelope> second = Promise.promise();
    var c1 = vertx.eventBus().<Envelope>consumer("topic.chat.lobby", m -> first.tryComplete(m.body()));
    var c2 = vertx.eventBus().<Envelope>consumer("topic.chat.lobby", m -> second.tryComplete(m.body()));
    await(c1.completion());
    await(c2.completion());

    vertx.eventBus().publish("topic.chat.lobby", envelope); // no DeliveryOptions: default codec

    assertSame(envelope, await(first.future()));
    assertSame(envelope, await(second.future()), "both local consumers share one envelope and its cached frames");
  }

  @Test
  void wireRoundTripKeepsMessageAndMsgPackFrame() {
    EnvelopeCodec codec = EnvelopeCodec.instance();
    Envelope envelope = Envelope.of(DELIVER.withSig("ab".repeat(32)));
    Buffer wire = Buffer.buffer().appendString("header"); // the bus writes its own header first
    codec.encodeToWire(wire, envelope);

    Envelope back = codec.decodeFromWire(6, wire);

    assertEquals(envelope.message(), back.message());
    assertEquals(envelope.msgpack(), back.msgpack());
    assertEquals(envelope.json(), back.json());
    assertEquals(1 + 4 + "chat.lobby".length() + 4 + "k3x9".length() + 8 + 8 + 4 + envelope.msgpack().length(),
        wire.length() - 6, "version byte + topic length + topic + epoch length + epoch + seq + ts + length + frame");
    assertEquals(EnvelopeCodec.WIRE_VERSION, wire.getByte(6));
    assertSame(back, codec.transform(back));
    assertEquals("switchboard.envelope.v1", codec.name());
    assertEquals(-1, codec.systemCodecID());
  }

  @Test
  void aDeliverOffTheWireIsDecodedOnlyWhenAskedItsTopicAndPositionAreKnownAtOnce() {
    Buffer wire = Buffer.buffer();
    EnvelopeCodec.instance().encodeToWire(wire, Envelope.of(DELIVER));
    // the frame's bytes spoilt after the head: reading topic, position and time must not touch them
    Buffer spoilt = wire.getBuffer(0, wire.length());
    int frameStart = 1 + 4 + DELIVER.topic().length() + 4 + DELIVER.epoch().length() + 8 + 8 + 4;
    spoilt.setByte(frameStart, (byte) 0xc1); // never used in MsgPack
    Envelope lazy = EnvelopeCodec.instance().decodeFromWire(0, spoilt);
    assertEquals(DELIVER.topic(), lazy.topic());
    assertEquals(DELIVER.epoch(), lazy.epoch());
    assertEquals(DELIVER.seq(), lazy.seq());
    assertEquals(DELIVER.ts(), lazy.ts());
    assertThrows(RuntimeException.class, lazy::message);
    Envelope back = EnvelopeCodec.instance().decodeFromWire(0, wire);
    assertEquals(DELIVER, back.message());
    assertSame(back.message(), back.message(), "decoded once");
  }

  @Test
  void olderNodesEagerWireIsStillRead() {
    Buffer frame = Frames.encodeMsgPack(DELIVER);
    Buffer wire = Buffer.buffer().appendByte((byte) 1).appendInt(frame.length()).appendBuffer(frame);
    Envelope back = EnvelopeCodec.instance().decodeFromWire(0, wire);
    assertEquals(DELIVER, back.message());
    assertEquals(DELIVER.topic(), back.topic());
  }

  @Test
  void unknownWireVersionIsRefused() {
    Buffer wire = Buffer.buffer().appendByte((byte) 9).appendInt(0);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EnvelopeCodec.instance().decodeFromWire(0, wire));
    assertEquals(true, e.getMessage().contains("version 9"));
  }

  @Test
  void envelopeFromMsgPackDecodesOnce() {
    Buffer frame = Frames.encodeMsgPack(DELIVER);
    Envelope e = Envelope.fromMsgPack(frame);
    assertEquals(DELIVER, e.message());
    assertSame(frame, e.encoded(Encoding.MSGPACK));
  }

  @Test
  void clusterWireIsNotBoundByClientFrameLimits() {
    Deliver large = new Deliver("files.x", "e", 1, "m", "u", 0, "x".repeat(200_000));
    Buffer wire = Buffer.buffer();
    EnvelopeCodec.instance().encodeToWire(wire, Envelope.of(large));
    assertEquals(large, EnvelopeCodec.instance().decodeFromWire(0, wire).message());
  }
}
