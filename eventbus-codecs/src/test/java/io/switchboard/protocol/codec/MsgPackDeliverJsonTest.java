package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Message;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A deliver's JSON transcoded from its MsgPack frame is the JSON the general path writes for the same frame (decoded,
 * then encoded), byte for byte, or nothing (and the general path writes it). And it is something for every payload
 * without a float or a string Jackson escapes: the fast path is the common path.
 */
class MsgPackDeliverJsonTest {

  @Property(tries = 2000)
  void anyDeliverIsTranscodedAsTheGeneralPathWritesItOrLeftToIt(@ForAll("delivers") Deliver d) {
    Buffer msgpack = Frames.encodeMsgPack(d);
    Buffer fast = MsgPackDeliverJson.transcode(msgpack);
    if (fast != null) {
      assertEquals(generalPath(msgpack), fast);
    }
  }

  @Property(tries = 1000)
  void payloadsWithoutFloatsOrEscapesAreAlwaysTranscoded(@ForAll("plainPayloads") Object payload) {
    Deliver d = new Deliver("chat.lobby", "k3x9", 43, "m-1", "alice", 1767225600200L, payload);
    Buffer msgpack = Frames.encodeMsgPack(d);
    Buffer fast = MsgPackDeliverJson.transcode(msgpack);
    assertNotNull(fast, () -> "left to the general path: " + generalPath(msgpack));
    assertEquals(generalPath(msgpack), fast);
  }

  @Test
  void everyOptionalFieldAndTheBenchmarksPayload() {
    Deliver d = new Deliver("bench.t0", "e-1", 9_007_199_254_740_991L, "m-1", "load-user", -1L,
        new JsonObject().put("seq", 1L).put("sentNanos", Long.MIN_VALUE).put("pad", "x".repeat(40))
            .put("big", new BigInteger("18446744073709551615")).put("del\u007f", "\u2028\uD83D\uDC4B\u00e9")
            .put("list", new JsonArray().add(true).add(false).addNull().add(new JsonObject())),
        false, "ab".repeat(32), "eu-west");
    Buffer msgpack = Frames.encodeMsgPack(d);
    assertEquals(generalPath(msgpack), MsgPackDeliverJson.transcode(msgpack));
    Deliver e2e = new Deliver("dm.bob", "e", 1, "m", "alice", 5, "c2lwaGVy", true, null);
    assertEquals(generalPath(Frames.encodeMsgPack(e2e)), MsgPackDeliverJson.transcode(Frames.encodeMsgPack(e2e)));
  }

  @Test
  void whatJacksonWouldEscapeOrFormatIsLeftToTheGeneralPath() {
    for (Object payload : new Object[] {"say \"hi\"", "back\\slash", "line\nbreak", "\u0000", 1.5,
        new JsonObject().put("k\t", 1L)}) {
      assertNull(MsgPackDeliverJson.transcode(Frames.encodeMsgPack(
          new Deliver("chat.lobby", "e", 1, "m", "alice", 5, payload))), () -> String.valueOf(payload));
    }
  }

  @Test
  void bytesThatAreNotOneWholeFrameAreLeftToTheGeneralPath() {
    Buffer msgpack = Frames.encodeMsgPack(new Deliver("chat.lobby", "e", 1, "m", "alice", 5, "text"));
    assertNull(MsgPackDeliverJson.transcode(msgpack.getBuffer(0, msgpack.length() - 1)), "truncated");
    assertNull(MsgPackDeliverJson.transcode(msgpack.copy().appendByte((byte) 0xc0)), "trailing bytes");
    assertNull(MsgPackDeliverJson.transcode(Buffer.buffer(new byte[] {(byte) 0xc1})), "never-used byte");
    assertNull(MsgPackDeliverJson.transcode(Buffer.buffer(new byte[] {(byte) 0x81, 0x01, 0x02})), "integer key");
    assertNull(MsgPackDeliverJson.transcode(Buffer.buffer(new byte[] {(byte) 0xdd, 0x7f, (byte) 0xff, (byte) 0xff,
        (byte) 0xff})), "forged array length");
  }

  @Test
  void aDeliverOffTheWireIsWrittenToJsonSubscribersWithoutBeingDecoded() {
    Deliver d = new Deliver("chat.lobby", "e", 7, "m", "alice", 5, new JsonObject().put("text", "hi"));
    JsonObject tree = TreeWriter.write(d);
    tree.put("topic", "not..a topic"); // the decoder refuses it: reading the message would throw
    Buffer frame = Buffer.buffer(MsgPackFrameWriter.write(tree));
    Envelope lazy = Envelope.lazy("chat.lobby", "e", 7, 5, frame);
    assertEquals(tree.toBuffer(), lazy.json());
    assertEquals("e", lazy.epoch());
    assertEquals(7, lazy.seq());
    assertEquals(5, lazy.ts());
    org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, lazy::message);
  }

  private static Buffer generalPath(Buffer msgpack) {
    Message decoded = Frames.decodeTrusted(msgpack, Encoding.MSGPACK);
    return Frames.encodeJson(decoded);
  }

  @Provide
  Arbitrary<Deliver> delivers() {
    return MessageArbitraries.deliver().map(m -> (Deliver) m);
  }

  @Provide
  Arbitrary<Object> plainPayloads() {
    return plain(3);
  }

  /** JSON values with integers, booleans, nulls and strings of any character Jackson writes as it is. */
  private static Arbitrary<Object> plain(int depth) {
    Arbitrary<String> text = MessageArbitraries.text(16)
        .map(s -> s.codePoints().filter(c -> c >= 0x20 && c != '"' && c != '\\')
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    Arbitrary<Object> scalar = Arbitraries.frequencyOf(
        Tuple.of(3, text.map(s -> (Object) s)),
        Tuple.of(3, Arbitraries.longs().map(l -> (Object) l)),
        Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.ONE.shiftLeft(63),
            BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)).map(b -> (Object) b)),
        Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
        Tuple.of(1, Arbitraries.just(null)));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Object> inner = plain(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(2, scalar),
        Tuple.of(1, inner.list().ofMaxSize(4).map(l -> (Object) new JsonArray(new ArrayList<>(l)))),
        Tuple.of(2, Arbitraries.maps(text, inner).ofMaxSize(4).map(m -> (Object) new JsonObject(new LinkedHashMap<>(m)))));
  }
}
