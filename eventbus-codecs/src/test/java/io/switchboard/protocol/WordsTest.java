package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The word tests answer what a byte-by-byte look at the same eight bytes answers. */
class WordsTest {

  @Property(tries = 3000)
  void hasAnswersAsAByteLoop(@ForAll("eightBytes") byte[] b, @ForAll("probes") byte value) {
    boolean expected = false;
    for (byte x : b) {
      expected |= x == value;
    }
    assertEquals(expected, Words.has(Words.at(b, 0), value));
  }

  @Property(tries = 3000)
  void asciiAnswersAsAByteLoop(@ForAll("eightBytes") byte[] b) {
    boolean expected = true;
    for (byte x : b) {
      expected &= x >= 0;
    }
    assertEquals(expected, Words.ascii(Words.at(b, 0)));
  }

  /** Bytes near the probes (one above, one below: where a borrow would show) and anything else. */
  @Provide
  Arbitrary<byte[]> eightBytes() {
    Arbitrary<Byte> near = Arbitraries.of((byte) '\\', (byte) ('\\' + 1), (byte) ('\\' - 1), (byte) '"',
        (byte) ('"' + 1), (byte) ('"' - 1), (byte) 0, (byte) 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xdc);
    return Arbitraries.oneOf(near, Arbitraries.bytes()).array(byte[].class).ofSize(8);
  }

  @Provide
  Arbitrary<Byte> probes() {
    return Arbitraries.of((byte) '\\', (byte) '"', (byte) 0, (byte) 0x80, (byte) 0xff);
  }
}
