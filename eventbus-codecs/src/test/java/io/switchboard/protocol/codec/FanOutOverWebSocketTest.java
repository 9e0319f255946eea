package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.message.ClientMessage;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Ping;
import io.switchboard.protocol.message.Pong;
import io.switchboard.protocol.message.ServerMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The API as the gateway will use it, against real Vert.x WebSockets: subprotocol negotiation,
 * per-frame decoding, and one envelope's buffers written to several sockets. Not a server: a
 * dozen lines of handler that only exercise this module.
 */
class FanOutOverWebSocketTest {

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void oneEnvelopeReachesJsonAndMsgPackSubscribers() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
    Promise<Void> allConnected = Promise.promise();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setWebSocketSubProtocols(Encoding.subprotocols()))
        .webSocketHandler(ws -> {
          Encoding encoding = Encoding.ofSubprotocol(ws.subProtocol());
          // a frame is read by its own type; the reply uses the negotiated encoding
          ws.textMessageHandler(text -> reply(ws, encoding, Frames.decodeClientText(text, io.switchboard.protocol.Limits.DEFAULTS)));
          ws.binaryMessageHandler(buf -> reply(ws, encoding, Frames.decodeClient(buf, Encoding.MSGPACK)));
          sockets.add(ws);
          if (sockets.size() == 3) {
            allConnected.tryComplete();
          }
        });
    int port = await(server.listen(0)).actualPort();
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      WebSocket json = await(client.connect(options(port, "switchboard.v1.json")));
      WebSocket msgpack = await(client.connect(options(port, "switchboard.v1.msgpack")));
      WebSocket none = await(client.connect(options(port, null)));
      assertEquals("switchboard.v1.msgpack", msgpack.subProtocol());
      assertEquals(null, none.subProtocol());
      await(allConnected.future());

      List<Promise<ServerMessage>> got = List.of(Promise.promise(), Promise.promise(), Promise.promise());
      json.textMessageHandler(t -> got.get(0).tryComplete(Frames.decodeServer(Buffer.buffer(t), Encoding.JSON)));
      msgpack.binaryMessageHandler(b -> got.get(1).tryComplete(Frames.decodeServer(b, Encoding.MSGPACK)));
      none.textMessageHandler(t -> got.get(2).tryComplete(Frames.decodeServer(Buffer.buffer(t), Encoding.JSON)));

      Deliver deliver = new Deliver("chat.lobby", "e1", 7, "m-7", "alice", 1L, new JsonObject().put("text", "hi ☃"));
      Envelope envelope = Envelope.of(deliver);
      for (ServerWebSocket ws : sockets) { // the fan-out loop: nothing is encoded inside it
        if (Encoding.ofSubprotocol(ws.subProtocol()) == Encoding.MSGPACK) {
          ws.writeBinaryMessage(envelope.msgpack());
        } else {
          // the UTF-8 bytes as they are, one text frame (writeTextMessage would take a String)
          ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) envelope.json()).getByteBuf(), true));
        }
      }
      for (Promise<ServerMessage> p : got) {
        assertEquals(deliver, await(p.future()));
      }

      // a JSON text frame on the MsgPack connection is understood; the reply comes back as MsgPack
      Promise<ServerMessage> pong = Promise.promise();
      msgpack.binaryMessageHandler(b -> pong.tryComplete(Frames.decodeServer(b, Encoding.MSGPACK)));
      await(msgpack.writeTextMessage("{\"type\":\"ping\",\"ts\":42}"));
      assertEquals(42L, ((Pong) await(pong.future())).ts());

      // both offered: the client's order decides (documented in websocket.md)
      WebSocket both = await(client.connect(options(port, "switchboard.v1.msgpack").addSubProtocol("switchboard.v1.json")));
      assertEquals("switchboard.v1.msgpack", both.subProtocol());
      await(both.close());

      await(json.close());
      await(msgpack.close());
      await(none.close());
    } finally {
      await(client.close());
      await(server.close());
      await(vertx.close());
    }
  }

  private static void reply(ServerWebSocket ws, Encoding encoding, ClientMessage message) {
    if (message instanceof Ping ping) {
      Buffer frame = Frames.encode(new Pong(ping.ts(), System.currentTimeMillis()), encoding);
      if (encoding == Encoding.MSGPACK) {
        ws.writeBinaryMessage(frame);
      } else {
        ws.writeTextMessage(frame.toString());
      }
    }
  }

  private static WebSocketConnectOptions options(int port, String subprotocol) {
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI("/ws");
    if (subprotocol != null) {
      o.addSubProtocol(subprotocol);
    }
    return o;
  }
}
