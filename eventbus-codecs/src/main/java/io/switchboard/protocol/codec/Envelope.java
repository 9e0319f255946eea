package io.switchboard.protocol.codec;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Message;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * A message plus its encoded frames, each computed at most once and then shared: the unit of
 * fan-out. One publish becomes one {@code Envelope}; every subscriber socket on the node is
 * written the same {@link Buffer}. The event-bus codec moves it between verticles without
 * copying (same instance) and between nodes as its MsgPack bytes, which the receiving side keeps
 * as the cached MsgPack frame.
 *
 * <p>Thread-safe: the caches are written at most a few times with identical content (a race
 * only costs a redundant encode). Callers must not modify the returned buffers.
 */
public final class Envelope {

  /** Null only in an envelope off the wire not decoded yet ({@link #lazy}). */
  private volatile Message message;
  private final String topic;
  private volatile Buffer json;
  private volatile Buffer msgpack;

  private Envelope(Message message, String topic, Buffer msgpack) {
    this.message = message;
    this.topic = topic;
    this.msgpack = msgpack;
  }

  public static Envelope of(Message message) {
    Objects.requireNonNull(message, "message");
    return new Envelope(message, message instanceof Deliver d ? d.topic() : null, null);
  }

  /** An envelope from MsgPack frame bytes (e.g. off the cluster wire); the bytes become the cached frame. */
  public static Envelope fromMsgPack(Buffer msgpackFrame) {
    return of(Frames.decodeTrusted(msgpackFrame, Encoding.MSGPACK), msgpackFrame);
  }

  private static Envelope of(Message message, Buffer msgpackFrame) {
    return new Envelope(message, message instanceof Deliver d ? d.topic() : null, msgpackFrame);
  }

  /**
   * An envelope off the cluster wire whose MsgPack frame is decoded only when {@link #message} is first asked for: a
   * node receives every topic message, and most have no subscriber there, which it can tell from the topic alone.
   */
  public static Envelope lazy(String topic, Buffer msgpackFrame) {
    return new Envelope(null, Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(msgpackFrame, "frame"));
  }

  /** The message, decoded on first use for an envelope off the wire (a race only decodes twice, equal results). */
  public Message message() {
    Message m = message;
    if (m == null) {
      message = m = Frames.decodeTrusted(msgpack, Encoding.MSGPACK);
    }
    return m;
  }

  /** The topic of a {@link Deliver}, known without decoding; null for other messages. */
  public String topic() {
    return topic;
  }

  /** The JSON frame bytes (UTF-8), for a text frame. */
  public Buffer json() {
    Buffer b = json;
    if (b == null) {
      json = b = Frames.encodeJson(message());
    }
    return b;
  }

  /** The MsgPack frame bytes, for {@code WebSocketBase#writeBinaryMessage}. */
  public Buffer msgpack() {
    Buffer b = msgpack;
    if (b == null) {
      msgpack = b = Frames.encodeMsgPack(message());
    }
    return b;
  }

  public Buffer encoded(Encoding encoding) {
    return encoding == Encoding.JSON ? json() : msgpack();
  }

  @Override
  public String toString() {
    return "Envelope[" + message() + "]";
  }
}
