package io.switchboard.protocol.codec;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Limits;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Words;
import io.switchboard.protocol.message.ClientMessage;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Ping;
import io.switchboard.protocol.message.Pong;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.message.ServerMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Encoding and decoding of whole WebSocket frames. Decoders throw only
 * {@link ProtocolException}; no Jackson or MsgPack exception escapes.
 *
 * <p>To fan one message out to many sockets, encode it once ({@link Envelope} caches the
 * result per encoding) and write the same {@link Buffer} to every socket.
 */
public final class Frames {

  /** For frames produced by Switchboard nodes themselves (the cluster wire): no size limits. */
  static final Limits TRUSTED = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  private Frames() {
  }

  // ---------------------------------------------------------------- encoding

  public static Buffer encode(Message message, Encoding encoding) {
    return encoding == Encoding.JSON ? encodeJson(message) : encodeMsgPack(message);
  }

  /** UTF-8 JSON, for a text frame. */
  public static Buffer encodeJson(Message message) {
    if (message instanceof Deliver d) {
      return JsonFrameWriter.writeDeliver(d);
    }
    if (message instanceof Pong p) {
      return JsonFrameWriter.writePong(p);
    }
    return TreeWriter.write(message).toBuffer();
  }

  /**
   * The MsgPack frame of {@code d} stamped with another position and time, made from {@code d}'s own MsgPack frame
   * without packing the payload again; null when {@code frame} is not one this codec wrote (encode the message then).
   */
  public static Buffer restampedMsgPack(byte[] frame, String epoch, long seq, long ts) {
    byte[] bytes = MsgPackFrameWriter.restampDeliver(frame, epoch, seq, ts);
    return bytes == null ? null : Buffer.buffer(bytes);
  }

  /** MsgPack, for a binary frame. */
  public static Buffer encodeMsgPack(Message message) {
    return Buffer.buffer(encodeMsgPackBytes(message));
  }

  /**
   * MsgPack as a fresh array, for a store that keeps bytes (the topic log, inboxes): {@code encodeMsgPack(m).getBytes()}
   * copied the frame twice more (into the Buffer, out of it) on every accepted publish.
   */
  public static byte[] encodeMsgPackBytes(Message message) {
    return message instanceof Deliver d ? MsgPackFrameWriter.writeDeliver(d) : MsgPackFrameWriter.write(TreeWriter.write(message));
  }

  /** The message as a JSON object (a fresh tree the caller may modify). */
  public static JsonObject toJson(Message message) {
    return TreeWriter.write(message);
  }

  /**
   * Any JSON object as a MsgPack frame, with the protocol's value mapping but without reading it as a
   * message first: for tools that speak envelopes as plain trees (the load generator). Throws
   * {@link IllegalArgumentException} for a value JSON cannot hold.
   */
  public static Buffer encodeMsgPackTree(JsonObject tree) {
    return Buffer.buffer(MsgPackFrameWriter.write(tree));
  }

  /**
   * A MsgPack frame as the JSON tree it stands for (a map with string keys, no bin/ext), not read as a
   * message: the counterpart of {@link #encodeMsgPackTree}. Throws {@link ProtocolException} like the
   * other decoders.
   */
  public static JsonObject decodeMsgPackTree(Buffer frame) {
    return MsgPackFrameReader.read(frame.getBytes());
  }

  // ---------------------------------------------------------------- decoding (server side)

  /** Decodes a frame a client sent, with default limits. */
  public static ClientMessage decodeClient(Buffer frame, Encoding encoding) {
    return decodeClient(frame, encoding, Limits.DEFAULTS);
  }

  /**
   * Decodes a frame a client sent. Pick {@code encoding} from the frame type
   * ({@link Encoding#ofFrame}), not from the negotiated subprotocol.
   */
  public static ClientMessage decodeClient(Buffer frame, Encoding encoding, Limits limits) {
    return (ClientMessage) decode(frame, encoding, limits, TreeReader.Sender.CLIENT);
  }

  /**
   * Decodes a text frame from its bytes, which the caller has checked are valid UTF-8
   * ({@link io.switchboard.protocol.Unicode#isValidUtf8}): parsed as they are, never turned into a String first.
   */
  public static ClientMessage decodeClientUtf8(byte[] utf8, Limits limits) {
    checkSize(utf8.length, limits);
    boolean escapes = false;
    boolean typedPublish = false; // a publish frame holds the bytes "publish" (its type); most other frames do not
    boolean typedPing = false; // and a ping the bytes "ping"
    int last = utf8.length - 1; // a backslash needs a byte after it to start an escape
    scan:
    for (int i = 0; i < last; ) {
      if (i + 8 <= utf8.length) {
        long word = Words.at(utf8, i);
        if (!Words.has(word, (byte) '\\') && !Words.has(word, (byte) '"')) {
          i += 8; // neither a backslash nor a quote in these eight bytes (io.switchboard.protocol.Words)
          continue;
        }
      }
      for (int end = Math.min(i + 8, last); i < end; i++) {
        byte b = utf8[i];
        if (b == '\\' && utf8[i + 1] == 'u') {
          escapes = true;
          break scan;
        }
        if (b == '"') {
          typedPublish |= startsWith(utf8, i, PUBLISH_TYPE);
          typedPing |= startsWith(utf8, i, PING_TYPE);
        }
      }
    }
    if (!escapes && typedPublish) {
      Publish publish = JsonPublishReader.tryRead(utf8);
      if (publish != null) {
        return publish; // the common publish, read without the frame's tree; anything else goes the general way
      }
    }
    if (!escapes && typedPing) {
      Ping ping = JsonPingReader.tryRead(utf8);
      if (ping != null) {
        return ping; // a keepalive, likewise
      }
    }
    return (ClientMessage) new TreeReader(TreeReader.Sender.CLIENT, limits).read(JsonFrameReader.read(utf8, escapes));
  }

  /** The type of a publish as it stands in a frame: a ping, subscribe or ack need not try the publish reader. */
  private static final byte[] PUBLISH_TYPE = "\"publish\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] PING_TYPE = "\"ping\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
    if (at + prefix.length > bytes.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Decodes the text of a text frame (as {@code ServerWebSocket#textMessageHandler} hands it over). */
  public static ClientMessage decodeClientText(String text, Limits limits) {
    checkSize(utf8Length(text, limits.maxFrameBytes()), limits);
    return (ClientMessage) new TreeReader(TreeReader.Sender.CLIENT, limits).read(JsonFrameReader.read(text));
  }

  // ---------------------------------------------------------------- decoding (client side, tests, tools)

  public static ServerMessage decodeServer(Buffer frame, Encoding encoding) {
    return (ServerMessage) decode(frame, encoding, Limits.DEFAULTS, TreeReader.Sender.SERVER);
  }

  /** Decodes any message type, from either side. */
  public static Message decode(Buffer frame, Encoding encoding) {
    return decode(frame, encoding, Limits.DEFAULTS, TreeReader.Sender.ANY);
  }

  /** Reads a message from an already parsed JSON object (any type, default limits). */
  public static Message fromJson(JsonObject json) {
    // copy + normalize: the caller's tree may hold Integer/Float and must not be modified
    JsonObject tree = JsonValues.normalizeFrame(json.copy());
    return new TreeReader(TreeReader.Sender.ANY, Limits.DEFAULTS).read(tree);
  }

  /** Decodes a frame another Switchboard node produced: any type, no size limits. */
  static Message decodeTrusted(Buffer frame, Encoding encoding) {
    return decode(frame, encoding, TRUSTED, TreeReader.Sender.ANY);
  }

  private static Message decode(Buffer frame, Encoding encoding, Limits limits, TreeReader.Sender sender) {
    checkSize(frame.length(), limits);
    if (encoding == Encoding.JSON) {
      return new TreeReader(sender, limits).read(JsonFrameReader.read(frame));
    }
    byte[] bytes = frame.getBytes();
    if (sender == TreeReader.Sender.CLIENT) {
      Publish publish = MsgPackFrameReader.tryReadPublish(bytes);
      if (publish != null) {
        return publish; // the common publish, read without the frame's map; anything else goes the general way
      }
    }
    return new TreeReader(sender, limits).read(MsgPackFrameReader.read(bytes));
  }

  private static void checkSize(long bytes, Limits limits) {
    if (bytes > limits.maxFrameBytes()) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, null,
          "frame of " + bytes + " bytes exceeds the limit of " + limits.maxFrameBytes());
    }
  }

  /** UTF-8 length of {@code s}, counted only as far as needed to compare with {@code max}. */
  static long utf8Length(String s, int max) {
    if ((long) s.length() * 3 <= max) {
      return s.length(); // cannot exceed max whatever the characters are
    }
    long bytes = 0;
    for (int i = 0; i < s.length() && bytes <= max; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
