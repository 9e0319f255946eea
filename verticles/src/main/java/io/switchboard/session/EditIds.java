package io.switchboard.session;

import java.nio.charset.StandardCharsets;

/**
 * A client edit id as the bytes a document keeps beside the edit's operation (the operation's note,
 * {@code OtDocument.apply}): ASCII ids, all that clients make, as their characters after a 0; any other as its UTF-16
 * code units after a 1, so that every string, lone surrogates included, reads back exactly (two ids are equal
 * exactly when their bytes are: a resent edit is recognised by them).
 */
final class EditIds {

  private static final byte ASCII = 0;
  private static final byte UTF_16 = 1;

  private EditIds() {
  }

  /** Null for no id. */
  static byte[] encode(String id) {
    if (id == null) {
      return null;
    }
    boolean ascii = true;
    for (int i = 0; i < id.length() && ascii; i++) {
      ascii = id.charAt(i) < 0x80;
    }
    if (ascii) {
      byte[] out = new byte[id.length() + 1];
      out[0] = ASCII;
      for (int i = 0; i < id.length(); i++) {
        out[i + 1] = (byte) id.charAt(i);
      }
      return out;
    }
    // char by char: the JDK's UTF-16 encoder would replace a lone surrogate
    byte[] out = new byte[2 * id.length() + 1];
    out[0] = UTF_16;
    for (int i = 0; i < id.length(); i++) {
      out[2 * i + 1] = (byte) (id.charAt(i) >> 8);
      out[2 * i + 2] = (byte) id.charAt(i);
    }
    return out;
  }

  /** Inverse of {@link #encode}. */
  static String decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes[0] == ASCII) {
      return new String(bytes, 1, bytes.length - 1, StandardCharsets.US_ASCII);
    }
    char[] chars = new char[(bytes.length - 1) / 2];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ((bytes[2 * i + 1] & 0xff) << 8 | bytes[2 * i + 2] & 0xff);
    }
    return new String(chars);
  }
}
