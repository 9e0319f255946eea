package io.switchboard.protocol.codec;

import io.vertx.core.buffer.Buffer;

/**
 * A {@code deliver} frame's JSON written straight from its MsgPack bytes, without decoding the message: a cluster
 * node receives other nodes' messages as MsgPack frames, and decoding each one (a map of the frame, the checks of the
 * message's constructor, the payload's tree) only to encode it again for JSON subscribers was more than half of a
 * receiving node's samples under pipelined publishes (docs/architecture.md §3).
 *
 * <p>Exact by construction of the two writers: {@link MsgPackFrameWriter#writeDeliver} and
 * {@link JsonFrameWriter#writeDeliver} write the same keys in the same order, and the values this reads are written
 * by Jackson exactly as copied here (integers as their digits, {@code true}, {@code false}, {@code null}, strings as
 * their UTF-8 bytes but for characters beyond U+FFFF, which Jackson writes as surrogate escapes). Anything else — a float (Jackson's own digits), a string holding a
 * quote, a backslash or a control character (Jackson's escapes), a MsgPack type the protocol never writes, bytes that
 * do not parse — answers null and the caller decodes and encodes the message the general way.
 * {@code MsgPackDeliverJsonTest} checks the result against that way on random messages.
 *
 * <p>Only for frames a Switchboard node wrote ({@code Envelope.lazy}): their strings are valid UTF-8 and their maps
 * have no repeated key, so the bytes are not checked again.
 */
final class MsgPackDeliverJson {

  private static final ThreadLocal<FrameBytes> OUT = ThreadLocal.withInitial(FrameBytes::new);

  private MsgPackDeliverJson() {
  }

  /** The JSON frame of a MsgPack deliver frame, or null when the general path must write it. */
  static Buffer transcode(Buffer msgpack) {
    byte[] in = msgpack.getBytes();
    FrameBytes out = OUT.get();
    out.reset();
    try {
      int end = new Reader(in, out).value(0, 0);
      return end == in.length ? out.toBuffer() : null;
    } catch (Unsupported | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /** A value this does not write itself: the general path will. */
  private static final class Unsupported extends Exception {
    private static final Unsupported INSTANCE = new Unsupported();

    private Unsupported() {
      super(null, null, false, false);
    }
  }

  private record Reader(byte[] in, FrameBytes out) {

    /** Deeper than any frame the protocol accepts (the payload's depth bound); guards the recursion. */
    private static final int MAX_DEPTH = 200;

    /** Writes the value at {@code at} as JSON; answers where the next value starts. */
    int value(int at, int depth) throws Unsupported {
      if (depth > MAX_DEPTH) {
        throw Unsupported.INSTANCE;
      }
      int b = in[at] & 0xff;
      if (b <= 0x7f) {
        return number(b, at + 1);
      }
      if (b >= 0xe0) {
        return number((byte) b, at + 1);
      }
      if (b <= 0x8f) {
        return map(b & 0x0f, at + 1, depth);
      }
      if (b <= 0x9f) {
        return array(b & 0x0f, at + 1, depth);
      }
      if (b <= 0xbf) {
        return string(b & 0x1f, at + 1);
      }
      return switch (b) {
        case 0xc0 -> word("null", at + 1);
        case 0xc2 -> word("false", at + 1);
        case 0xc3 -> word("true", at + 1);
        case 0xcc -> number(in[at + 1] & 0xff, at + 2);
        case 0xcd -> number(u16(at + 1), at + 3);
        case 0xce -> number(u32(at + 1), at + 5);
        case 0xcf -> {
          out.ascii(Long.toUnsignedString(s64(at + 1)));
          yield at + 9;
        }
        case 0xd0 -> number(in[at + 1], at + 2);
        case 0xd1 -> number((short) u16(at + 1), at + 3);
        case 0xd2 -> number((int) u32(at + 1), at + 5);
        case 0xd3 -> number(s64(at + 1), at + 9);
        case 0xd9 -> string(in[at + 1] & 0xff, at + 2);
        case 0xda -> string(u16(at + 1), at + 3);
        case 0xdb -> string(length(u32(at + 1)), at + 5);
        case 0xdc -> array(u16(at + 1), at + 3, depth);
        case 0xdd -> array(length(u32(at + 1)), at + 5, depth);
        case 0xde -> map(u16(at + 1), at + 3, depth);
        case 0xdf -> map(length(u32(at + 1)), at + 5, depth);
        default -> throw Unsupported.INSTANCE; // floats, bin, ext, never-used
      };
    }

    private int map(int n, int at, int depth) throws Unsupported {
      out.write('{');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          out.write(',');
        }
        int b = in[at] & 0xff;
        if (b < 0xa0 || b > 0xbf && b != 0xd9 && b != 0xda && b != 0xdb) {
          throw Unsupported.INSTANCE; // a key that is not a string
        }
        at = value(at, depth + 1);
        out.write(':');
        at = value(at, depth + 1);
      }
      out.write('}');
      return at;
    }

    private int array(int n, int at, int depth) throws Unsupported {
      out.write('[');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          out.write(',');
        }
        at = value(at, depth + 1);
      }
      out.write(']');
      return at;
    }

    /**
     * A string as Jackson writes it: its UTF-8 bytes unchanged, but for a character outside the Basic Multilingual
     * Plane (a four-byte sequence: emoji, say), which Jackson writes as its two surrogates' escapes; one holding a
     * quote, a backslash or a control character is left to the general way.
     */
    private int string(int length, int at) throws Unsupported {
      int end = at + length;
      if (end > in.length) {
        throw Unsupported.INSTANCE;
      }
      out.write('"');
      int from = at;
      for (int i = at; i < end; ) {
        int c = in[i];
        if (c >= 0 && c < 0x20 || c == '"' || c == '\\') {
          throw Unsupported.INSTANCE;
        }
        if ((c & 0xf8) == 0xf0) {
          out.write(in, from, i - from);
          int codePoint = (c & 0x07) << 18 | (in[i + 1] & 0x3f) << 12 | (in[i + 2] & 0x3f) << 6 | in[i + 3] & 0x3f;
          escape(Character.highSurrogate(codePoint));
          escape(Character.lowSurrogate(codePoint));
          i += 4;
          from = i;
        } else {
          i++;
        }
      }
      out.write(in, from, end - from);
      out.write('"');
      return end;
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private void escape(char c) {
      out.write('\\');
      out.write('u');
      out.write(HEX[c >> 12 & 0xf]);
      out.write(HEX[c >> 8 & 0xf]);
      out.write(HEX[c >> 4 & 0xf]);
      out.write(HEX[c & 0xf]);
    }

    private int number(long value, int next) {
      out.ascii(Long.toString(value));
      return next;
    }

    private int word(String word, int next) {
      out.ascii(word);
      return next;
    }

    private int u16(int at) {
      return (in[at] & 0xff) << 8 | in[at + 1] & 0xff;
    }

    private long u32(int at) {
      return (long) u16(at) << 16 | u16(at + 2);
    }

    private long s64(int at) {
      return u32(at) << 32 | u32(at + 4);
    }

    private static int length(long n) throws Unsupported {
      if (n > Integer.MAX_VALUE) {
        throw Unsupported.INSTANCE;
      }
      return (int) n;
    }
  }
}
