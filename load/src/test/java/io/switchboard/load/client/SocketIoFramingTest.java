package io.switchboard.load.client;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketIoFramingTest {

  private final List<JsonObject> out = new ArrayList<>();

  @Test
  void encodesAnEnvelopeAsEventM() {
    assertEquals("42[\"m\",{\"type\":\"ping\",\"ts\":5}]", SocketIoFraming.encode(new JsonObject().put("type", "ping").put("ts", 5)));
  }

  @Test
  void handshakeOpenThenConnectGivesReady() {
    assertEquals("40", SocketIoFraming.decode("0{\"sid\":\"e1\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000}", out::add));
    assertTrue(out.isEmpty(), "the open packet is not an envelope");
    assertNull(SocketIoFraming.decode("40{\"sid\":\"s1\"}", out::add));
    assertEquals(1, out.size());
    assertEquals("ready", out.get(0).getString("type"));
    assertEquals("s1", out.get(0).getString("sid"));
  }

  @Test
  void enginePingIsAnsweredWithPong() {
    assertEquals("3", SocketIoFraming.decode("2", out::add));
    assertEquals("3probe", SocketIoFraming.decode("2probe", out::add));
    assertNull(SocketIoFraming.decode("3", out::add));
    assertNull(SocketIoFraming.decode("6", out::add));
    assertTrue(out.isEmpty());
  }

  @Test
  void eventsDecodeToEnvelopesWithOrWithoutAckId() {
    SocketIoFraming.decode("42[\"m\",{\"type\":\"pong\",\"ts\":7}]", out::add);
    SocketIoFraming.decode("4212[\"m\",{\"type\":\"ack\",\"id\":\"p1\",\"seq\":1}]", out::add);
    assertEquals(new JsonObject().put("type", "pong").put("ts", 7), out.get(0));
    assertEquals("p1", out.get(1).getString("id"));
  }

  @Test
  void disconnectsAndConnectErrorsBecomeErrorEnvelopes() {
    SocketIoFraming.decode("41", out::add);
    SocketIoFraming.decode("44{\"message\":\"no\"}", out::add);
    SocketIoFraming.decode("1", out::add);
    assertEquals(List.of("socketio_disconnect", "socketio_connect_error", "socketio_close"),
        out.stream().map(m -> m.getString("code")).toList());
  }

  @Test
  void rejectsWhatTheRelayNeverSends() {
    assertThrows(IllegalArgumentException.class, () -> SocketIoFraming.decode("", out::add));
    assertThrows(IllegalArgumentException.class, () -> SocketIoFraming.decode("9", out::add));
    assertThrows(IllegalArgumentException.class, () -> SocketIoFraming.decode("42[\"other\",{}]", out::add));
    assertThrows(IllegalArgumentException.class, () -> SocketIoFraming.decode("42[\"m\",1]", out::add));
    assertThrows(IllegalArgumentException.class, () -> SocketIoFraming.decode("45[]", out::add));
  }

  @Test
  void urlAddsTheEngineIoPathOnce() {
    SocketIoFraming f = SocketIoFraming.INSTANCE;
    assertEquals("ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket", f.url("ws://127.0.0.1:3000"));
    assertEquals("ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket", f.url("ws://127.0.0.1:3000/"));
    assertEquals("ws://h:1/socket.io/?EIO=4&transport=websocket", f.url("ws://h:1/socket.io/?EIO=4&transport=websocket"));
    assertNull(f.subprotocol());
  }
}
