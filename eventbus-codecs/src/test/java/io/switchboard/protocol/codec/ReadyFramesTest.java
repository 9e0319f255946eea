package io.switchboard.protocol.codec;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.Limits;
import io.switchboard.protocol.message.Ready;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A gateway's ready frames, written from a template with the per-connection fields by hand, are the generic writer's
 * bytes in both encodings, whatever the user's name holds (quotes, backslashes, controls, non-ASCII take Jackson's
 * escaping), and whichever encoding the ready announces.
 */
class ReadyFramesTest {

  private static final Limits LIMITS = new Limits(1_048_576, 100, 500, 1000);
  private static final List<String> FEATURES = List.of("resume", "filters", "e2e", "batch", "dedup", "priorities", "sig");
  private static final ReadyFrames FRAMES = new ReadyFrames(ready("c-template", "template", 0, Encoding.JSON));

  private static Ready ready(String connectionId, String user, long serverTime, Encoding encoding) {
    return new Ready(connectionId, user, "node-1a2b", 1, serverTime, FEATURES, 25_000, LIMITS, encoding);
  }

  private static void sameAsTheGenericWriter(Ready r) {
    for (Encoding frame : Encoding.values()) {
      assertArrayEquals(Frames.encode(r, frame).getBytes(), FRAMES.encode(r, frame).getBytes(), r + " in " + frame);
    }
  }

  @Property(tries = 300)
  void anyConnectionsReadyIsTheGenericWritersBytes(@ForAll("readies") Ready r) {
    sameAsTheGenericWriter(r);
  }

  @Provide
  Arbitrary<Ready> readies() {
    Arbitrary<String> user = Arbitraries.oneOf(
      Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(40),
      Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40));
    Arbitrary<String> id = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(40);
    return Combinators.combine(id, user, Arbitraries.longs().greaterOrEqual(0), Arbitraries.of(Encoding.class))
      .as((c, u, t, e) -> {
        try {
          return ready(c, u, t, e);
        } catch (RuntimeException invalid) {
          return null; // a name the protocol refuses: not a ready anyone sends
        }
      }).filter(r -> r != null);
  }

  @Example
  void namesThatNeedEscapingAndLongOnes() {
    for (String user : new String[]{"alice", "a\"b", "back\\slash", "héllo 👋", "~YWxpY2U", "x".repeat(256)}) {
      sameAsTheGenericWriter(ready("c-1", user, System.currentTimeMillis(), Encoding.MSGPACK));
      sameAsTheGenericWriter(ready("c-1", user, Long.MAX_VALUE, Encoding.JSON));
    }
  }

  @Example
  void aReadyUnlikeTheTemplateIsStillWrittenRight() {
    Ready other = new Ready("c-2", "bob", "another-node", 2, 5, List.of("resume"), 1000,
      new Limits(2048, 1, 1, 1), Encoding.JSON);
    for (Encoding frame : Encoding.values()) {
      assertArrayEquals(Frames.encode(other, frame).getBytes(), FRAMES.encode(other, frame).getBytes());
    }
  }
}
