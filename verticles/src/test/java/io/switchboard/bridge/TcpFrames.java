package io.switchboard.bridge;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A tiny blocking client of the TCP bridge's framing (4-byte big-endian length + UTF-8 JSON), for tests. */
public final class TcpFrames implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  TcpFrames(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(10_000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  public static TcpFrames connect(int port) throws IOException {
    return new TcpFrames(new Socket("127.0.0.1", port));
  }

  public void write(JsonObject frame) throws IOException {
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(json.length);
    out.write(json);
    out.flush();
  }

  public void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next frame, within the socket timeout. */
  public JsonObject read() throws IOException {
    int length = in.readInt();
    byte[] json = new byte[length];
    in.readFully(json);
    return new JsonObject(new String(json, StandardCharsets.UTF_8));
  }

  /** A send with a reply address, and the first frame that answers it (the reply, or an err). */
  public JsonObject request(String address, Object body, JsonObject headers) throws IOException {
    String reply = "test.reply." + System.nanoTime();
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body).put("replyAddress", reply);
    if (headers != null) {
      frame.put("headers", headers);
    }
    write(frame);
    while (true) {
      JsonObject m = read();
      if (reply.equals(m.getString("address")) || "err".equals(m.getString("type"))) {
        return m;
      }
    }
  }

  /** True if the server closes the connection within timeoutMs (frames still arriving are skipped). */
  public boolean closedWithin(int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    try {
      while (true) {
        read();
      }
    } catch (EOFException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
