package io.switchboard.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Unicode#isValidUtf8} answers exactly as the JDK's strict UTF-8 decoder, on any bytes. */
class Utf8PropertyTest {

  private static boolean jdk(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Property(tries = 3000)
  void agreesWithTheJdkOnRandomBytes(@ForAll("bytes") byte[] b) {
    assertEquals(jdk(b), Unicode.isValidUtf8(b, 0, b.length), () -> java.util.HexFormat.of().formatHex(b));
  }

  @Property(tries = 2000)
  void acceptsEveryEncodedString(@ForAll String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8); // lone surrogates become '?': always valid
    assertTrue(Unicode.isValidUtf8(b, 0, b.length));
  }

  /** The word-at-a-time ASCII skip (io.switchboard.protocol.Words) at every alignment of what follows the run. */
  @Property(tries = 2000)
  void agreesWithTheJdkAfterAsciiRuns(@ForAll("asciiRuns") byte[] run, @ForAll("bytes") byte[] b,
                                      @ForAll("asciiRuns") byte[] tail) {
    byte[] all = new byte[run.length + b.length + tail.length];
    System.arraycopy(run, 0, all, 0, run.length);
    System.arraycopy(b, 0, all, run.length, b.length);
    System.arraycopy(tail, 0, all, run.length + b.length, tail.length);
    assertEquals(jdk(all), Unicode.isValidUtf8(all, 0, all.length), () -> java.util.HexFormat.of().formatHex(all));
  }

  @Provide
  Arbitrary<byte[]> asciiRuns() {
    return Arbitraries.bytes().between((byte) 0, (byte) 0x7f).array(byte[].class).ofMaxSize(40);
  }

  /** Mostly bytes that look like UTF-8 (lead bytes, continuations, ASCII), so the edge cases are hit often. */
  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<Byte> interesting = Arbitraries.of((byte) 0x41, (byte) 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc0,
        (byte) 0xc1, (byte) 0xc2, (byte) 0xdf, (byte) 0xe0, (byte) 0xed, (byte) 0xef, (byte) 0xf0, (byte) 0xf4,
        (byte) 0xf5, (byte) 0xff, (byte) 0x9f, (byte) 0xa0, (byte) 0x8f, (byte) 0x90);
    return Arbitraries.oneOf(interesting, Arbitraries.bytes()).array(byte[].class).ofMaxSize(12);
  }

  @Test
  void edgeCases() {
    assertTrue(Unicode.isValidUtf8(new byte[0], 0, 0));
    assertTrue(valid(0xf4, 0x8f, 0xbf, 0xbf));   // U+10FFFF
    assertFalse(valid(0xf4, 0x90, 0x80, 0x80));  // above U+10FFFF
    assertFalse(valid(0xed, 0xa0, 0x80));        // an encoded surrogate (U+D800)
    assertFalse(valid(0xe0, 0x80, 0xaf));        // overlong '/'
    assertFalse(valid(0xc0, 0xaf));              // overlong '/'
    assertFalse(valid(0xe2, 0x82));              // truncated '€'
    assertTrue(valid(0xe2, 0x82, 0xac));         // '€'
    byte[] middle = {'x', (byte) 0xe2, (byte) 0x82, (byte) 0xac, 'y'};
    assertTrue(Unicode.isValidUtf8(middle, 1, 4));
    assertFalse(Unicode.isValidUtf8(middle, 1, 3));
  }

  private static boolean valid(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Unicode.isValidUtf8(b, 0, b.length);
  }
}
