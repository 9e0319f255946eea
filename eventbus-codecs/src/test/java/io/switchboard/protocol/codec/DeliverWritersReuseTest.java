package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.protocol.message.Deliver;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The deliver writers keep one generator (JSON) and one packer (MsgPack) per thread across frames: a frame that fails
 * half-way, or a large one, must not leave anything behind in the next frame's bytes. The JSON writer copies the
 * envelope's strings as bytes when they are printable ASCII without a quote or backslash, and lets Jackson escape
 * anything else: both ways give the tree path's bytes.
 */
class DeliverWritersReuseTest {

  @Property(tries = 500)
  void asciiEnvelopesWrittenByHandAreTheTreePathsBytes(@ForAll("asciiDelivers") Deliver d) {
    sameAsTheTreePath(d);
  }

  @Provide
  Arbitrary<Deliver> asciiDelivers() {
    // printable ASCII, quote and backslash included: those two (and anything else) take Jackson's way
    Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(24);
    Arbitrary<String> optional = ascii.injectNull(0.5);
    return Combinators.combine(MessageArbitraries.topic(), ascii, MessageArbitraries.seq(), ascii, ascii,
            Arbitraries.longs(), MessageArbitraries.payload(), optional)
        .as((topic, epoch, seq, id, publisher, ts, payload, sig) ->
            new Deliver(topic, epoch, seq, id, publisher, ts, payload, false, sig))
        .flatMap(d -> optional.map(d::withOrigin));
  }

  private static Deliver deliver(Object payload) {
    return new Deliver("chat.lobby", "e1", 7, "m-1", "ali\"ce \u00e9\uD83D\uDE00", 1_700_000_000_000L, payload);
  }

  private static void sameAsTheTreePath(Deliver d) {
    assertEquals(TreeWriter.write(d).toBuffer(), JsonFrameWriter.writeDeliver(d));
    assertArrayEquals(MsgPackFrameWriter.write(TreeWriter.write(d)), MsgPackFrameWriter.writeDeliver(d));
  }

  @Test
  void aFrameAfterOneThatFailedHalfWayIsWhole() {
    sameAsTheTreePath(deliver(new JsonObject().put("n", 1)));
    Deliver broken = deliver(new JsonObject().put("ok", "x").put("bad", new Object()));
    assertThrows(RuntimeException.class, () -> JsonFrameWriter.writeDeliver(broken));
    assertThrows(RuntimeException.class, () -> MsgPackFrameWriter.writeDeliver(broken));
    sameAsTheTreePath(deliver(new JsonObject().put("n", 2)));
    sameAsTheTreePath(deliver("text"));
  }

  @Test
  void framesOfEverySizeInTurnAreEachTheirOwnBytes() {
    for (int size : new int[] {0, 10, 8_000, 9_000, 70_000, 5, 200_000, 1}) {
      sameAsTheTreePath(deliver(new JsonObject().put("text", "x".repeat(size)).put("size", size)));
    }
  }
}
