package io.switchboard.protocol.codec;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.message.Ready;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code ready} frames of one gateway. Of a ready's fields only the connection's id, its user and the server time
 * differ between the connections of a gateway; the rest (node, protocol, features, heartbeat, limits, encoding) is
 * encoded once here, and each connection's frame is its few fields written by hand followed by those bytes — the
 * same bytes as {@link Frames#encode} (same keys, same order). A connection id or user that is not plain printable
 * ASCII ({@link JsonFrameWriter#plain}: Jackson would escape something) takes the generic writer.
 * <p>
 * Why: the generic writer built the frame's tree and ran a Jackson generator over it for every connection, 7 % of a
 * node's samples under sequential connects. A ready whose constant fields are not the template's is encoded the
 * generic way.
 */
public final class ReadyFrames {

  private final Ready template;
  /** Per value of {@code ready.encoding}: the fields after {@code serverTime}, as a JSON tail and as MsgPack entries. */
  private final Map<Encoding, byte[]> jsonTails = new EnumMap<>(Encoding.class);
  private final Map<Encoding, byte[]> msgpackTails = new EnumMap<>(Encoding.class);
  private final Map<Encoding, Integer> tailEntries = new EnumMap<>(Encoding.class);
  private final byte[] jsonNodeProtocol;

  /** From a ready of the gateway: its connection id, user and time are not used. */
  public ReadyFrames(Ready template) {
    this.template = template;
    for (Encoding e : Encoding.values()) {
      JsonObject whole = TreeWriter.write(withEncoding(template, e));
      JsonObject tail = new JsonObject();
      boolean after = false;
      for (Map.Entry<String, Object> field : whole) {
        if (after) {
          tail.put(field.getKey(), field.getValue());
        }
        after |= field.getKey().equals("serverTime");
      }
      byte[] json = tail.toBuffer().getBytes();
      json[0] = ','; // "{...}" continues the head's object
      jsonTails.put(e, json);
      byte[] packed = MsgPackFrameWriter.write(tail);
      byte[] entries = new byte[packed.length - 1]; // without its map header (a fixmap: one byte)
      System.arraycopy(packed, 1, entries, 0, entries.length);
      msgpackTails.put(e, entries);
      tailEntries.put(e, tail.size());
    }
    JsonObject nodeId = new JsonObject().put("nodeId", template.nodeId()); // Jackson's escaping, as the generic writer's
    String node = nodeId.encode();
    this.jsonNodeProtocol = ("," + node.substring(1, node.length() - 1) + ",\"protocol\":" + template.protocol()
      + ",\"serverTime\":").getBytes(StandardCharsets.UTF_8);
  }

  private static Ready withEncoding(Ready r, Encoding e) {
    return new Ready(r.connectionId(), r.user(), r.nodeId(), r.protocol(), r.serverTime(), r.features(),
      r.heartbeatMs(), r.limits(), e);
  }

  /** {@code ready} as a frame in {@code encoding}: {@code Frames.encode(ready, encoding)}, byte for byte. */
  public Buffer encode(Ready ready, Encoding encoding) {
    if (!ready.nodeId().equals(template.nodeId()) || ready.protocol() != template.protocol()
      || ready.heartbeatMs() != template.heartbeatMs() || !ready.limits().equals(template.limits())
      || !ready.features().equals(template.features()) || !JsonFrameWriter.plain(ready.connectionId())
      || !JsonFrameWriter.plain(ready.user())) {
      return Frames.encode(ready, encoding);
    }
    if (encoding == Encoding.JSON) {
      byte[] head = ("{\"type\":\"ready\",\"connectionId\":\"" + ready.connectionId() + "\",\"user\":\""
        + ready.user() + '"').getBytes(StandardCharsets.US_ASCII);
      byte[] time = Long.toString(ready.serverTime()).getBytes(StandardCharsets.US_ASCII);
      byte[] tail = jsonTails.get(ready.encoding());
      return Buffer.buffer(head.length + jsonNodeProtocol.length + time.length + tail.length)
        .appendBytes(head).appendBytes(jsonNodeProtocol).appendBytes(time).appendBytes(tail);
    }
    return Buffer.buffer(MsgPackFrameWriter.writeReady(ready, 6 + tailEntries.get(ready.encoding()),
      msgpackTails.get(ready.encoding())));
  }
}
