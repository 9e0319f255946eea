package io.switchboard.ws;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.message.ServerMessage;
import io.vertx.core.buffer.Buffer;

import java.util.function.Supplier;

/**
 * One server message for many connections of one event loop (an applied edit for every participant of a session),
 * built on first use and encoded at most once per encoding, as deliveries are ({@code Envelope}): 63 recipients of
 * an edit cost one encoding, not 63. Not thread-safe: one event loop.
 */
final class SharedFrame {

  private final Supplier<ServerMessage> build;
  private ServerMessage message;
  private Buffer json;
  private Buffer msgpack;

  SharedFrame(Supplier<ServerMessage> build) {
    this.build = build;
  }

  ServerMessage message() {
    if (message == null) {
      message = build.get();
    }
    return message;
  }

  Buffer encoded(Encoding encoding) {
    if (encoding == Encoding.JSON) {
      return json != null ? json : (json = Frames.encode(message(), encoding));
    }
    return msgpack != null ? msgpack : (msgpack = Frames.encode(message(), encoding));
  }
}
