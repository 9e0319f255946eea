package io.switchboard.protocol.codec;

import io.switchboard.protocol.Encoding;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The example frames of docs/protocol/websocket.md, from src/test/resources/protocol-examples.json. */
final class Examples {

  static final JsonObject ALL = load();

  private Examples() {
  }

  static JsonObject valid() {
    return ALL.getJsonObject("valid");
  }

  static JsonObject valid(String name) {
    JsonObject frame = valid().getJsonObject(name);
    if (frame == null) {
      throw new IllegalArgumentException("no example " + name);
    }
    return frame.copy();
  }

  static JsonArray invalid() {
    return ALL.getJsonArray("invalid");
  }

  /** The JSON tree as MsgPack bytes, through the production writer. */
  static Buffer msgpack(JsonObject tree) {
    return Buffer.buffer(MsgPackFrameWriter.write(tree));
  }

  /** The frame in the given encoding. */
  static Buffer encoded(JsonObject tree, Encoding encoding) {
    return encoding == Encoding.JSON ? tree.toBuffer() : msgpack(tree);
  }

  private static JsonObject load() {
    try (InputStream in = Examples.class.getResourceAsStream("/protocol-examples.json")) {
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
