package io.switchboard.protocol.codec;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;
import java.util.Arrays;
import org.msgpack.core.buffer.MessageBuffer;

/**
 * A growable byte array a frame writer keeps per thread and writes frame after frame into (the JSON generator's
 * output, the MsgPack packer's flushes), reset before each frame and copied out after it. A frame above
 * {@link #KEEP_AT_MOST} leaves the thread a fresh, small array at the next reset instead of keeping a large one.
 */
final class FrameBytes extends OutputStream {

  static final int KEEP_AT_MOST = 64 * 1024;
  private static final int INITIAL = 512;

  private byte[] bytes = new byte[INITIAL];
  private int count;

  /** Empty again, for the next frame. */
  void reset() {
    count = 0;
    if (bytes.length > KEEP_AT_MOST) {
      bytes = new byte[INITIAL];
    }
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, count);
  }

  Buffer toBuffer() {
    return Buffer.buffer(count).appendBytes(bytes, 0, count);
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, count, len);
    count += len;
  }

  /** Appends a string known to be ASCII, one byte per character. */
  FrameBytes ascii(String s) {
    int n = s.length();
    ensure(n);
    s.getBytes(0, n, bytes, count); // the deprecated form is the one that copies ASCII without an encoder
    count += n;
    return this;
  }

  /** Appends {@code length} bytes of a MsgPack buffer from its start. */
  void write(MessageBuffer buffer, int length) {
    ensure(length);
    buffer.getBytes(0, bytes, count, length);
    count += length;
  }

  private void ensure(int more) {
    if (count + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
    }
  }
}
