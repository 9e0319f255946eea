package io.switchboard.protocol.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.message.Deliver;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class FanoutBatchCodecTest {

  private static Deliver deliver(String topic, long seq) {
    return new Deliver(topic, "k3x9", seq, "m-" + seq, "alice", 1767225600200L,
        new JsonObject().put("text", "héllo 👋 " + seq));
  }

  private static FanoutBatch batch() {
    FanoutBatch.Builder builder = new FanoutBatch.Builder();
    builder.add(Envelope.of(deliver("chat.lobby", 1)), 3);
    builder.add(Envelope.of(deliver("chat.other", 2)), 0);
    builder.add(Envelope.of(deliver("chat.lobby", 3).withSig("ab".repeat(32))), 9);
    return builder.take("node-ä1");
  }

  @Test
  void wireRoundTripKeepsOriginOrderPrioritiesTopicsAndFrames() {
    FanoutBatch batch = batch();
    Buffer wire = Buffer.buffer().appendString("header"); // the bus writes its own header first
    FanoutBatchCodec.instance().encodeToWire(wire, batch);

    FanoutBatch back = FanoutBatchCodec.instance().decodeFromWire(6, wire);

    assertEquals("node-ä1", back.origin());
    assertEquals(3, back.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(batch.priority(i), back.priority(i));
      assertEquals(batch.envelope(i).topic(), back.envelope(i).topic(), "the topic, known before decoding");
      assertEquals(batch.envelope(i).msgpack(), back.envelope(i).msgpack(), "the MsgPack frame, as sent");
      assertEquals(batch.envelope(i).message(), back.envelope(i).message());
      assertEquals(batch.envelope(i).json(), back.envelope(i).json());
    }
  }

  @Test
  void anEmptyBatchRoundTrips() {
    Buffer wire = Buffer.buffer();
    FanoutBatchCodec.instance().encodeToWire(wire, new FanoutBatch.Builder().take("n"));
    FanoutBatch back = FanoutBatchCodec.instance().decodeFromWire(0, wire);
    assertEquals("n", back.origin());
    assertEquals(0, back.size());
  }

  @Test
  void theBuilderStartsOverAfterEachBatchAndCountsTheFramesBytes() {
    FanoutBatch.Builder builder = new FanoutBatch.Builder();
    Envelope first = Envelope.of(deliver("t", 1));
    for (int i = 0; i < 40; i++) { // past the builder's first array of priorities
      builder.add(first, i);
    }
    assertEquals(40L * first.msgpack().length(), builder.bytes());
    FanoutBatch taken = builder.take("n");
    assertEquals(40, taken.size());
    assertEquals(39, taken.priority(39));
    assertEquals(0, builder.size());
    assertEquals(0, builder.bytes());
    builder.add(first, 5);
    assertEquals(40, taken.size(), "a taken batch does not change when the builder is filled again");
    assertEquals(1, builder.take("n").size());
  }

  @Test
  void locallyTheSameInstanceIsShared() {
    FanoutBatch batch = batch();
    assertSame(batch, FanoutBatchCodec.instance().transform(batch));
  }

  @Test
  void anUnknownWireVersionIsRefused() {
    Buffer wire = Buffer.buffer().appendByte((byte) 9).appendInt(0).appendInt(0);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> FanoutBatchCodec.instance().decodeFromWire(0, wire));
    assertEquals("fan-out batch wire version 9 not supported (expected 1)", e.getMessage());
  }
}
