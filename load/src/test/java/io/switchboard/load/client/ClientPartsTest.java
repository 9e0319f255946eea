package io.switchboard.load.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientPartsTest {

  @Test
  void loopbackConnectionsAreSpreadOverSourceAddresses() {
    assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), ClientPool.sourceAddresses("ws://127.0.0.1:8081/ws", 3));
    assertEquals(List.of("127.0.0.1"), ClientPool.sourceAddresses("ws://localhost:8081/ws", 1));
    assertEquals(254, ClientPool.sourceAddresses("ws://127.0.0.1:8081/ws", 1000).size());
    assertEquals(Arrays.asList((String) null), ClientPool.sourceAddresses("ws://10.0.0.5:8081/ws", 8),
        "not on loopback: the system chooses");
  }

  @Test
  void processLimitsAreReadFromProc() {
    String limits = "Limit                     Soft Limit           Hard Limit           Units\n"
        + "Max processes             95000                95000                processes\n"
        + "Max open files            20000                40000                files\n";
    assertEquals(20000, ProcessLimits.parseOpenFiles(limits));
    assertEquals(-1, ProcessLimits.parseOpenFiles("Max open files            unlimited            unlimited            files\n"));
    assertEquals(123 * 1024L, ProcessLimits.parseResidentBytes("Name:\tjava\nVmRSS:\t     123 kB\n"));
    assertEquals(-1, ProcessLimits.parseResidentBytes("Name:\tjava\n"));
  }

  @Test
  void msgPackFramesCarryTheSameEnvelope() {
    JsonObject env = new JsonObject().put("type", "publish").put("id", "p1").put("topic", "public.x")
        .put("payload", new JsonObject().put("n", 3L).put("list", new JsonArray().add(1.5).add("é").addNull()));
    List<JsonObject> out = new ArrayList<>();
    MsgPackFraming.INSTANCE.decode(null, io.switchboard.protocol.codec.Frames.encodeMsgPackTree(env), true, out::add);
    assertEquals(List.of(env), out);
    MsgPackFraming.INSTANCE.decode(null, Buffer.buffer(env.encode()), false, out::add);
    assertEquals(env, out.get(1), "a text frame is read as JSON");
    assertEquals("switchboard.v1.msgpack", MsgPackFraming.INSTANCE.subprotocol());
  }
}
