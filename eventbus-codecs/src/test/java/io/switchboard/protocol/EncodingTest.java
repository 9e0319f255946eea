package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncodingTest {

  @Test
  void negotiationFollowsClientOrderAndDefaultsToJson() {
    assertEquals(Encoding.JSON, Encoding.negotiate(null));
    assertEquals(Encoding.JSON, Encoding.negotiate(List.of()));
    assertEquals(Encoding.JSON, Encoding.negotiate(List.of("mqtt", "graphql-ws")));
    assertEquals(Encoding.MSGPACK, Encoding.negotiate(List.of("mqtt", " switchboard.v1.msgpack ")));
    assertEquals(Encoding.MSGPACK, Encoding.negotiate(List.of("switchboard.v1.msgpack", "switchboard.v1.json")));
    assertEquals(Encoding.JSON, Encoding.negotiate(List.of("switchboard.v1.json", "switchboard.v1.msgpack")));
  }

  @Test
  void subprotocolTokens() {
    assertEquals("switchboard.v1.json", Encoding.JSON.subprotocol());
    assertEquals("switchboard.v1.msgpack", Encoding.MSGPACK.subprotocol());
    assertEquals(Encoding.MSGPACK, Encoding.ofSubprotocol("switchboard.v1.msgpack"));
    assertEquals(Encoding.JSON, Encoding.ofSubprotocol(null));
    assertEquals(Encoding.JSON, Encoding.ofSubprotocol("switchboard.v2.msgpack"));
  }

  @Test
  void frameTypeDecidesHowOneFrameIsRead() {
    assertEquals(Encoding.JSON, Encoding.ofFrame(false));
    assertEquals(Encoding.MSGPACK, Encoding.ofFrame(true));
  }
}
