package io.switchboard.ws;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;


/**
 * Reassembles fragmented WebSocket messages itself instead of leaving it to Vert.x, for two checks Vert.x does
 * not make: a message is refused (1009) as soon as its fragments pass the size limit, before the rest is
 * buffered; and a text message must be valid UTF-8 (1007), where Vert.x would silently substitute U+FFFD.
 */
final class MessageAssembler {

  interface Sink {
    /** A whole text message: its bytes, valid UTF-8. */
    void text(byte[] utf8);

    void binary(Buffer bytes);

    void fail(short code, String reason, String metricReason);
  }

  private final int maxBytes;
  private final Sink sink;
  private Buffer pending;
  private boolean pendingText;
  private boolean failed;

  MessageAssembler(int maxBytes, Sink sink) {
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  void frame(WebSocketFrame frame) {
    if (failed || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return; // control frames are answered by Vert.x
    }
    Buffer data = frame.binaryData();
    if (frame.isContinuation()) {
      if (pending == null) {
        fail((short) 1002, "continuation frame without a message to continue", "protocol_error");
        return;
      }
      pending.appendBuffer(data);
    } else {
      if (pending != null) {
        fail((short) 1002, "new message started before the previous one ended", "protocol_error");
        return;
      }
      pending = frame.isFinal() ? data : Buffer.buffer(Math.min(maxBytes, 64 * 1024)).appendBuffer(data);
      pendingText = frame.isText();
    }
    if (pending.length() > maxBytes) {
      fail((short) 1009, "message of " + pending.length() + (frame.isFinal() ? "" : "+") + " bytes exceeds the limit of "
        + maxBytes + " bytes", "too_large");
      return;
    }
    if (frame.isFinal()) {
      Buffer message = pending;
      pending = null;
      if (!pendingText) {
        sink.binary(message);
        return;
      }
      byte[] utf8 = message.getBytes();
      if (io.switchboard.protocol.Unicode.isValidUtf8(utf8, 0, utf8.length)) {
        sink.text(utf8);
      } else {
        fail((short) 1007, "text message is not valid UTF-8", "invalid_utf8");
      }
    }
  }

  private void fail(short code, String reason, String metricReason) {
    failed = true;
    pending = null;
    sink.fail(code, reason, metricReason);
  }
}
