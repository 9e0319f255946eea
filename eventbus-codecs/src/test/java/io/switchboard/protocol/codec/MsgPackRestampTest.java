package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Pong;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A deliver's frame restamped with another epoch, seq and ts is, byte for byte, the frame of the message stamped so;
 * a frame not laid out as the deliver writer lays it out is refused (the caller then encodes the message).
 */
class MsgPackRestampTest {

  @Property(tries = 2000)
  void aRestampedFrameIsTheStampedMessagesFrame(@ForAll("delivers") Deliver d, @ForAll("epochs") String epoch,
                                                 @ForAll("seqs") long seq, @ForAll long ts) {
    Deliver stamped = new Deliver(d.topic(), epoch, seq, d.messageId(), d.publisher(), ts, d.payload(), d.e2e(),
        d.sig(), d.origin());
    byte[] restamped = MsgPackFrameWriter.restampDeliver(MsgPackFrameWriter.writeDeliver(d), epoch, seq, ts);
    assertNotNull(restamped);
    assertArrayEquals(MsgPackFrameWriter.writeDeliver(stamped), restamped);
    assertEquals(stamped, Frames.decodeTrusted(io.vertx.core.buffer.Buffer.buffer(restamped), Encoding.MSGPACK));
  }

  @Test
  void theLogsPlaceholderFrameGetsItsPosition() {
    Deliver template = new Deliver("chat.lobby", "-", 0, "m-1", "alice", 1_700_000_000_000L,
        new JsonObject().put("text", "x".repeat(300)));
    Deliver stamped = new Deliver("chat.lobby", "k3x9w2", 4_294_967_296L, "m-1", "alice", 1_700_000_000_007L,
        template.payload());
    assertArrayEquals(Frames.encodeMsgPack(stamped).getBytes(),
        Frames.restampedMsgPack(Frames.encodeMsgPack(template).getBytes(), "k3x9w2", 4_294_967_296L,
            1_700_000_000_007L).getBytes());
  }

  @Test
  void otherFramesAreRefused() {
    byte[] deliver = MsgPackFrameWriter.writeDeliver(new Deliver("chat.lobby", "e", 1, "m", "alice", 5, "text"));
    assertNull(MsgPackFrameWriter.restampDeliver(Frames.encodeMsgPack(new Pong(1, 2)).getBytes(), "e", 2, 6));
    assertNull(MsgPackFrameWriter.restampDeliver(new byte[0], "e", 2, 6));
    for (int cut = 0; cut < 40; cut++) { // cut before the payload's key: refused wherever the cut falls
      assertNull(MsgPackFrameWriter.restampDeliver(Arrays.copyOf(deliver, cut), "e", 2, 6), "cut at " + cut);
    }
    byte[] reordered = MsgPackFrameWriter.write(new JsonObject().put("type", "deliver").put("epoch", "e")
        .put("topic", "chat.lobby").put("seq", 1).put("messageId", "m").put("publisher", "alice").put("ts", 5)
        .put("payload", "text"));
    assertNull(MsgPackFrameWriter.restampDeliver(reordered, "e", 2, 6));
  }

  @Provide
  Arbitrary<Deliver> delivers() {
    return MessageArbitraries.deliver().map(m -> (Deliver) m);
  }

  @Provide
  Arbitrary<String> epochs() {
    return Arbitraries.oneOf(MessageArbitraries.id(), Arbitraries.strings().alpha().ofLength(40));
  }

  @Provide
  Arbitrary<Long> seqs() {
    return MessageArbitraries.seq();
  }
}
