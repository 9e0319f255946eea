package io.switchboard.protocol;

import java.util.List;

/**
 * The two wire encodings of the one message model. The client chooses with the WebSocket
 * subprotocol; a frame's own type (text or binary) says how to read that single frame.
 */
public enum Encoding {
  /** UTF-8 JSON in WebSocket text frames. */
  JSON("switchboard.v1.json"),
  /** MessagePack in WebSocket binary frames. */
  MSGPACK("switchboard.v1.msgpack");

  private final String subprotocol;

  Encoding(String subprotocol) {
    this.subprotocol = subprotocol;
  }

  /** The {@code Sec-WebSocket-Protocol} token that selects this encoding. */
  public String subprotocol() {
    return subprotocol;
  }

  /** Subprotocol tokens in server preference order, e.g. for {@code HttpServerOptions#setWebSocketSubProtocols}. */
  public static List<String> subprotocols() {
    return List.of(JSON.subprotocol, MSGPACK.subprotocol);
  }

  /**
   * The encoding for the subprotocol the handshake settled on ({@code ServerWebSocket#subProtocol()}),
   * JSON when none (null) or an unknown one was agreed.
   */
  public static Encoding ofSubprotocol(String subprotocol) {
    return MSGPACK.subprotocol.equals(subprotocol) ? MSGPACK : JSON;
  }

  /**
   * First encoding the client offered, in the client's order; JSON when it offered none we know.
   * For servers that pick the subprotocol themselves.
   */
  public static Encoding negotiate(List<String> offered) {
    if (offered != null) {
      for (String token : offered) {
        if (token == null) {
          continue;
        }
        String t = token.trim();
        if (JSON.subprotocol.equals(t)) {
          return JSON;
        }
        if (MSGPACK.subprotocol.equals(t)) {
          return MSGPACK;
        }
      }
    }
    return JSON;
  }

  /** How to read one incoming frame: text frames are JSON, binary frames MsgPack, whatever was negotiated. */
  public static Encoding ofFrame(boolean binary) {
    return binary ? MSGPACK : JSON;
  }
}
