package io.switchboard.load.scenario;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The publish envelopes the throughput-type scenarios send, in one shape for every target: the payload is a
 * string whose first 16 characters are the sender's {@link System#nanoTime()} in hex (so a receiver in the same
 * JVM computes send → deliver without a lookup table), followed by padding. Ids are fixed-width hex counters, so
 * every message of one run has the same size.
 *
 * <p>The <b>message size</b> is the length in bytes of the whole publish frame in JSON, e.g. {@code
 * {"type":"publish","id":"0000002a","topic":"public.lt.1a2b3c4d","payload":"000012ab34cd56ef..."}}: the padding
 * is chosen so that this frame is exactly the requested size. In MsgPack the same envelope is a few bytes smaller;
 * the reports count the JSON size for both encodings so that they compare message rates, not encodings' bytes.
 */
public final class Messages {

  private static final int STAMP_CHARS = 16;

  private final String topic;
  private final String padding;
  private final int size;

  private Messages(String topic, String padding, int size) {
    this.topic = topic;
    this.padding = padding;
    this.size = size;
  }

  /** A fresh topic for one run under {@code public.} (allowed to every user by Switchboard's default policy). */
  public static String freshTopic(String kind) {
    return "public." + kind + "." + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Messages on {@code topic} whose JSON publish frame is exactly {@code bytes} long; throws if that is too small. */
  public static Messages ofSize(String topic, int bytes) {
    int base = jsonLength(envelope(0, topic, stamp(0)));
    if (bytes < base) {
      throw new IllegalArgumentException("a publish frame on topic " + topic + " needs at least " + base + " bytes, asked for " + bytes);
    }
    return new Messages(topic, "x".repeat(bytes - base), bytes);
  }

  public String topic() {
    return topic;
  }

  /** The JSON publish frame size in bytes. */
  public int size() {
    return size;
  }

  /** The k-th publish, stamped with {@code sentNanos}. */
  public JsonObject publish(long k, long sentNanos) {
    return envelope(k, topic, stamp(sentNanos) + padding);
  }

  /** The send time stamped into a delivered payload, or null if the payload is not one of ours. */
  public static Long sentNanos(JsonObject deliver) {
    return deliver.getValue("payload") instanceof String p && p.length() >= STAMP_CHARS
        ? parseStamp(p.substring(0, STAMP_CHARS)) : null;
  }

  private static Long parseStamp(String hex) {
    try {
      return Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String stamp(long nanos) {
    String hex = Long.toHexString(nanos);
    return "0".repeat(STAMP_CHARS - hex.length()) + hex;
  }

  private static JsonObject envelope(long k, String topic, String payload) {
    String id = Long.toHexString(k);
    return new JsonObject().put("type", "publish").put("id", id.length() >= 8 ? id : "0".repeat(8 - id.length()) + id)
        .put("topic", topic).put("payload", payload);
  }

  static int jsonLength(JsonObject envelope) {
    return envelope.encode().getBytes(StandardCharsets.UTF_8).length;
  }
}
