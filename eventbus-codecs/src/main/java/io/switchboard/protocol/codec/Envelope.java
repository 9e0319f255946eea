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
  /** A deliver's topic and position and time, known without decoding; null and 0 for other messages. */
  private final String topic;
  private final String epoch;
  private final long seq;
  private final long ts;
  private volatile Buffer json;
  private volatile Buffer msgpack;
  /** The same deliver's MsgPack frame at another position, or null ({@link #of(Deliver, byte[])}). */
  private final byte[] unstamped;

  private Envelope(Message message, String topic, String epoch, long seq, long ts, Buffer msgpack) {
    this(message, topic, epoch, seq, ts, msgpack, null);
  }

  private Envelope(Message message, String topic, String epoch, long seq, long ts, Buffer msgpack, byte[] unstamped) {
    this.unstamped = unstamped;
    this.message = message;
    this.topic = topic;
    this.epoch = epoch;
    this.seq = seq;
    this.ts = ts;
    this.msgpack = msgpack;
  }

  public static Envelope of(Message message) {
    return of(message, null);
  }

  /** An envelope from MsgPack frame bytes (e.g. off the cluster wire); the bytes become the cached frame. */
  public static Envelope fromMsgPack(Buffer msgpackFrame) {
    return of(Frames.decodeTrusted(msgpackFrame, Encoding.MSGPACK), msgpackFrame);
  }

  /**
   * A deliver and the MsgPack frame of the same message at another position ({@code null}: none), from which its own
   * frame is made when first asked for by replacing epoch, seq and ts ({@code Frames.restampedMsgPack}): a topic log
   * keeps each message's frame as written before its position was known, and packing the payload a second time for
   * the cluster wire and MsgPack subscribers was most of the second encoding's cost.
   */
  public static Envelope of(Deliver deliver, byte[] unstampedFrame) {
    return new Envelope(deliver, deliver.topic(), deliver.epoch(), deliver.seq(), deliver.ts(), null, unstampedFrame);
  }

  /**
   * A message with its MsgPack frame already written ({@code null}: encoded when first asked for); the caller vouches
   * that the frame is the message's ({@code Frames.encodeMsgPack} would write the same bytes).
   */
  public static Envelope of(Message message, Buffer msgpackFrame) {
    Objects.requireNonNull(message, "message");
    return message instanceof Deliver d
      ? new Envelope(message, d.topic(), d.epoch(), d.seq(), d.ts(), msgpackFrame)
      : new Envelope(message, null, null, 0, 0, msgpackFrame);
  }

  /**
   * A deliver off the cluster wire, its topic, position and time given beside its MsgPack frame, which is decoded only
   * when {@link #message} is first asked for. A node receives every topic message: one it has no subscriber for is
   * dropped on its topic alone, a binary subscriber is written the frame as it came, ordering and duplicate checks
   * read the position, and a JSON subscriber's frame is transcoded from the MsgPack bytes ({@link MsgPackDeliverJson});
   * only a filter or a consumer asking for the message makes it decoded.
   */
  public static Envelope lazy(String topic, String epoch, long seq, long ts, Buffer msgpackFrame) {
    return new Envelope(null, Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(epoch, "epoch"), seq, ts,
      Objects.requireNonNull(msgpackFrame, "frame"));
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

  /** The epoch of a {@link Deliver}'s position, known without decoding; null for other messages. */
  public String epoch() {
    return epoch;
  }

  /** The sequence number of a {@link Deliver} in its topic, known without decoding; 0 for other messages. */
  public long seq() {
    return seq;
  }

  /** When a {@link Deliver} was accepted (epoch millis), known without decoding; 0 for other messages. */
  public long ts() {
    return ts;
  }

  /** The JSON frame bytes (UTF-8), for a text frame. */
  public Buffer json() {
    Buffer b = json;
    if (b == null) {
      Message m = message;
      if (m == null) {
        b = MsgPackDeliverJson.transcode(msgpack); // off the wire, not decoded: no message built for it
      }
      json = b = b != null ? b : Frames.encodeJson(message());
    }
    return b;
  }

  /** The MsgPack frame bytes, for {@code WebSocketBase#writeBinaryMessage}. */
  public Buffer msgpack() {
    Buffer b = msgpack;
    if (b == null) {
      if (unstamped != null) {
        b = Frames.restampedMsgPack(unstamped, epoch, seq, ts);
      }
      msgpack = b = b != null ? b : Frames.encodeMsgPack(message());
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
