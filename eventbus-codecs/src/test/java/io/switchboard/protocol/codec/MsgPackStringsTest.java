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

  /**
   * Strings are read in place and checked by {@code Unicode.isValidUtf8} instead of a strict JDK decoder over a copy:
   * any bytes, as a key and as a value, are accepted exactly when the strict decoder accepts them, and read as it
   * reads them (ASCII runs around overlong forms, encoded surrogates, truncated and stray continuation bytes).
   */
  @Property(tries = 1000)
  void stringBytesAreReadAsTheStrictDecoderReadsThem(@ForAll("utf8ish") byte[] raw) throws IOException {
    String strict;
    try {
      strict = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(raw)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      strict = null;
    }
    net.jqwik.api.Assume.that(!"k".equals(strict)); // a key of its own, not the frame's other key
    for (boolean asKey : new boolean[] {true, false}) {
      byte[] frame;
      try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
        p.packMapHeader(2).packString("k").packString("v");
        if (asKey) {
          p.packRawStringHeader(raw.length).writePayload(raw).packInt(1);
        } else {
          p.packString("x").packRawStringHeader(raw.length).writePayload(raw);
        }
        frame = p.toByteArray();
      }
      if (strict == null) {
        io.switchboard.protocol.ProtocolException e = org.junit.jupiter.api.Assertions.assertThrows(
            io.switchboard.protocol.ProtocolException.class, () -> MsgPackFrameReader.read(frame));
        assertEquals("string is not valid UTF-8", e.getMessage());
      } else {
        JsonObject read = MsgPackFrameReader.read(frame);
        assertEquals(asKey ? new JsonObject().put("k", "v").put(strict, 1) : new JsonObject().put("k", "v").put("x", strict),
            read);
      }
    }
  }

  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<byte[]> pieces = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(20).map(String::getBytes),
        Arbitraries.strings().ofMaxLength(6).map(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        Arbitraries.of(new byte[] {(byte) 0xc0, (byte) 0x80}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(4));
    return pieces.list().ofMaxSize(8).map(list -> {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      list.forEach(out::writeBytes);
      return out.toByteArray();
    });
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
