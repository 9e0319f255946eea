package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.MessageType;
import io.switchboard.protocol.message.Pong;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code deliver} frame in JSON written straight from the message: the same bytes as
 * {@code TreeWriter.write(d).toBuffer()} (same keys in the same order, the payload encoded by Vert.x's own codec)
 * without building the {@code JsonObject} first. Every delivered message is encoded so once per node for its JSON
 * subscribers; building the map per message was the tree path's extra cost (the MsgPack twin is
 * {@link MsgPackFrameWriter#writeDeliver}).
 *
 * <p>Each thread keeps one generator open over a reusable byte array and writes frame after frame with it (no root
 * separator), then copies the frame out: creating a generator per frame (its buffer recycler looked up in a
 * {@code ThreadLocal}, its context, its output) was a third of this writer's time. The envelope's fields are copied
 * as bytes when none needs escaping (the common case: topics, ids and epochs are ASCII by construction), the
 * payload always goes through Vert.x's codec. Measured alone on a 93-byte publish's deliver: about 600 ns a frame
 * before, about 320 after.
 */
final class JsonFrameWriter {

  private static final JsonFactory FACTORY = new JsonFactory();
  /** A deliver frame's first bytes, up to the topic's value. */
  private static final String HEAD = "{\"type\":\"" + MessageType.DELIVER.wire() + "\",\"topic\":\"";

  private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

  private JsonFrameWriter() {
  }

  static Buffer writeDeliver(Deliver d) {
    Writer w = WRITERS.get();
    try {
      return w.deliver(d);
    } catch (IOException e) {
      WRITERS.remove();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      WRITERS.remove(); // a generator left in the middle of a frame is not reused
      throw e;
    }
  }

  /** One thread's generator and the array it writes into. */
  private static final class Writer {
    private final FrameBytes out = new FrameBytes();
    private final JsonGenerator g;

    Writer() {
      try {
        g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // an in-memory output: does not happen
      }
      g.setRootValueSeparator(null); // frame after frame, nothing between them
    }

    Buffer deliver(Deliver d) throws IOException {
      out.reset();
      if (plain(d.topic()) && plain(d.epoch()) && plain(d.messageId()) && plain(d.publisher())
          && (d.origin() == null || plain(d.origin())) && (d.sig() == null || plain(d.sig()))) {
        writeByHand(d);
      } else {
        writeWithGenerator(d);
      }
      return out.toBuffer();
    }

    /**
     * The envelope's fields copied as bytes, the payload by the generator as a root value (no separator: the same
     * bytes as inside the object). Only for strings Jackson would write unchanged ({@link #plain}), so the frame is
     * the generator's byte for byte; Jackson's per-character escaping of the envelope's strings was most of this
     * writer's time.
     */
    private void writeByHand(Deliver d) throws IOException {
      out.ascii(HEAD).ascii(d.topic())
          .ascii("\",\"epoch\":\"").ascii(d.epoch())
          .ascii("\",\"seq\":").ascii(Long.toString(d.seq()))
          .ascii(",\"messageId\":\"").ascii(d.messageId())
          .ascii("\",\"publisher\":\"").ascii(d.publisher())
          .ascii("\",\"ts\":").ascii(Long.toString(d.ts()))
          .ascii(",\"payload\":");
      JacksonCodec.encodeJson(d.payload(), g);
      g.flush();
      if (d.e2e()) {
        out.ascii(",\"e2e\":true");
      }
      if (d.origin() != null) {
        out.ascii(",\"origin\":\"").ascii(d.origin()).ascii("\"");
      }
      if (d.sig() != null) {
        out.ascii(",\"sig\":\"").ascii(d.sig()).ascii("\"");
      }
      out.ascii("}");
    }

    /** Jackson's own way, for an envelope with a string that needs escaping (rare). */
    private void writeWithGenerator(Deliver d) throws IOException {
      g.writeStartObject();
      g.writeStringField("type", d.type().wire());
      g.writeStringField("topic", d.topic());
      g.writeStringField("epoch", d.epoch());
      g.writeNumberField("seq", d.seq());
      g.writeStringField("messageId", d.messageId());
      g.writeStringField("publisher", d.publisher());
      g.writeNumberField("ts", d.ts());
      g.writeFieldName("payload");
      JacksonCodec.encodeJson(d.payload(), g);
      if (d.e2e()) {
        g.writeBooleanField("e2e", true);
      }
      if (d.origin() != null) {
        g.writeStringField("origin", d.origin());
      }
      if (d.sig() != null) {
        g.writeStringField("sig", d.sig());
      }
      g.writeEndObject();
      g.flush();
    }
  }

  private static final byte[] PONG_HEAD = "{\"type\":\"pong\",\"ts\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PONG_SERVER_TIME = ",\"serverTime\":".getBytes(StandardCharsets.US_ASCII);

  /**
   * A {@code pong}, a keepalive's answer of two numbers: the tree writer's bytes, without a tree and a generator
   * (together 19 % of a node's samples under pipelined pings).
   */
  static Buffer writePong(Pong p) {
    return Buffer.buffer(36).appendBytes(PONG_HEAD).appendString(Long.toString(p.ts()))
      .appendBytes(PONG_SERVER_TIME).appendString(Long.toString(p.serverTime())).appendByte((byte) '}');
  }

  /** Printable ASCII without a quote or a backslash: what Jackson writes as it is, one byte per character. */
  static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
