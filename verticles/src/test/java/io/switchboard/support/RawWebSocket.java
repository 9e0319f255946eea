package io.switchboard.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client written against RFC 6455 with a plain socket, so tests can send what well-behaved
 * libraries never would: fragments, bare control frames, invalid UTF-8, unmasked or reserved-bit frames.
 * Blocking; every read has a timeout.
 */
public final class RawWebSocket implements AutoCloseable {

  public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

  /** A frame as received: FIN bit, opcode, payload. */
  public record Frame(boolean fin, int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    public String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final SecureRandom random = new SecureRandom();
  public final String responseHead;

  private RawWebSocket(Socket socket, String responseHead) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.responseHead = responseHead;
  }

  /** Opens and upgrades; fails with the status line if the server does not answer 101. */
  public static RawWebSocket connect(int port, String path, String token) throws IOException {
    return connect(port, path, token, "");
  }

  /** As {@link #connect(int, String, String)}, with extra request header lines ({@code "Name: value\r\n"}). */
  public static RawWebSocket connect(int port, String path, String token, String extraHeaders) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    String request = "GET " + path + " HTTP/1.1\r\n"
      + "Host: 127.0.0.1:" + port + "\r\n"
      + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
      + "Sec-WebSocket-Version: 13\r\n"
      + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
      + extraHeaders
      + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    String head = readHead(socket.getInputStream());
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
    }
    return new RawWebSocket(socket, head);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      buf.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    return buf.toString(StandardCharsets.US_ASCII);
  }

  /** Sends one frame, masked as a client must (unless {@code masked} is false, to break the rules). */
  public void send(boolean fin, int opcode, byte[] payload, boolean masked, int rsv) throws IOException {
    out.write(frame(fin, opcode, payload, masked, rsv));
    out.flush();
  }

  /** Text messages in one write, so that the server reads them together. */
  public void sendTextsAtOnce(java.util.List<String> texts) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (String text : texts) {
      all.write(frame(true, TEXT, text.getBytes(StandardCharsets.UTF_8), true, 0));
    }
    out.write(all.toByteArray());
    out.flush();
  }

  private byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked, int rsv) throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      f.write(maskBit | payload.length);
    } else if (payload.length < 65536) {
      f.write(maskBit | 126);
      f.write(payload.length >> 8);
      f.write(payload.length);
    } else {
      f.write(maskBit | 127);
      for (int i = 7; i >= 0; i--) {
        f.write((int) ((long) payload.length >> (8 * i)));
      }
    }
    byte[] data = payload;
    if (masked) {
      byte[] key = new byte[4];
      random.nextBytes(key);
      f.write(key);
      data = new byte[payload.length];
      for (int i = 0; i < payload.length; i++) {
        data[i] = (byte) (payload[i] ^ key[i % 4]);
      }
    }
    f.write(data);
    return f.toByteArray();
  }

  /** Bytes as they are, e.g. a frame header announcing more than will ever be sent. */
  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void send(boolean fin, int opcode, byte[] payload) throws IOException {
    send(fin, opcode, payload, true, 0);
  }

  public void sendText(String text) throws IOException {
    send(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendClose(int code, String reason) throws IOException {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[2 + r.length];
    p[0] = (byte) (code >> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, r.length);
    send(true, CLOSE, p);
  }

  /** The next frame, or null if the connection ended first. */
  public Frame read() throws IOException {
    int b0;
    try {
      b0 = in.read();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      return null;
    }
    if (b0 < 0) {
      return null;
    }
    int b1 = in.readUnsignedByte();
    long len = b1 & 0x7f;
    if (len == 126) {
      len = in.readUnsignedShort();
    } else if (len == 127) {
      len = in.readLong();
    }
    byte[] payload = new byte[(int) len];
    in.readFully(payload);
    return new Frame((b0 & 0x80) != 0, b0 & 0x0f, payload);
  }

  /** The next frame of this opcode, skipping others (at most {@code limit} frames). */
  public Frame readUntil(int opcode, int limit) throws IOException {
    for (int i = 0; i < limit; i++) {
      Frame f = read();
      if (f == null || f.opcode() == opcode) {
        return f;
      }
    }
    throw new IOException("no frame of opcode " + opcode + " within " + limit + " frames");
  }

  /** The next text frame whose JSON has this type (skipping others, at most 100 frames). */
  public String readMessage(String type) throws IOException {
    for (int i = 0; i < 100; i++) {
      Frame f = read();
      if (f == null) {
        throw new IOException("connection closed while waiting for " + type);
      }
      if (f.opcode() == TEXT && f.text().contains("\"type\":\"" + type + "\"")) {
        return f.text();
      }
    }
    throw new IOException("no " + type + " message within 100 frames");
  }

  public void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
