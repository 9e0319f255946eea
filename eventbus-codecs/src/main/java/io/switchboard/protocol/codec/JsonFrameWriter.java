package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.switchboard.protocol.message.Deliver;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A {@code deliver} frame in JSON written straight from the message: the same bytes as
 * {@code TreeWriter.write(d).toBuffer()} (same keys in the same order, the payload encoded by Vert.x's own codec)
 * without building the {@code JsonObject} first. Every delivered message is encoded so once per node for its JSON
 * subscribers; building the map per message was the tree path's extra cost (the MsgPack twin is
 * {@link MsgPackFrameWriter#writeDeliver}).
 */
final class JsonFrameWriter {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonFrameWriter() {
  }

  static Buffer writeDeliver(Deliver d) {
    Buffer out = Buffer.buffer(160 + d.topic().length() + d.publisher().length());
    try (JsonGenerator g = FACTORY.createGenerator(new BufferOutput(out), JsonEncoding.UTF8)) {
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Jackson buffers what it writes and hands it over in a few large writes; they go straight into the Buffer. */
  private static final class BufferOutput extends OutputStream {
    private final Buffer out;

    BufferOutput(Buffer out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      out.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      out.appendBytes(b, off, len);
    }
  }
}
