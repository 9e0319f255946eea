package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The MsgPack writer packs strings through {@code String.getBytes} at every length, where msgpack-core's
 * {@code packString} switches to a per-character {@code CharsetEncoder} from 512 characters on: the bytes must be
 * {@code packString}'s, short or long, ASCII or not (keys and values alike), and read back the same.
 */
class MsgPackStringsTest {

  @Property(tries = 300)
  void stringsOfAnyLengthPackAsPackStringDoes(@ForAll("texts") String key, @ForAll("texts") String value)
      throws IOException {
    JsonObject tree = new JsonObject().put(key, value);
    byte[] expected;
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packMapHeader(1).packString(key).packString(value);
      expected = p.toByteArray();
    }
    byte[] packed = MsgPackFrameWriter.write(tree);
    assertArrayEquals(expected, packed);
    assertEquals(tree, MsgPackFrameReader.read(packed));
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.chars().range('a', 'z'),
        Arbitraries.chars().range('\u00a0', '\u07ff'), Arbitraries.chars().range('\u4e00', '\u4fff'));
    Arbitrary<String> bmp = chars.list().ofMinSize(0).ofMaxSize(1500)
        .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
    Arbitrary<String> ascii = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(500).ofMaxLength(20_000);
    Arbitrary<String> emoji = Arbitraries.integers().between(0, 700).map("\uD83D\uDE00"::repeat);
    return Arbitraries.oneOf(bmp, ascii, emoji);
  }
}
