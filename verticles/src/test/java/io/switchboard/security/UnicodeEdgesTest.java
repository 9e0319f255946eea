package io.switchboard.security;

import io.switchboard.bridge.TcpFrames;
import io.switchboard.protocol.Encoding;
import io.switchboard.support.RunningNode;
import io.switchboard.support.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lone UTF-16 surrogate (JSON's backslash-u-d800) is refused at every edge with a clear error, instead of reaching
 * JSON subscribers as such, MsgPack subscribers and the session store as '?'; a NUL in a session title is refused.
 * Well-formed pairs (an emoji) go through.
 */
class UnicodeEdgesTest {

  private static final String LONE = "a\\ud800b";
  private static final String PAIR = "\\ud83d\\ude00";
  private static RunningNode node;
  private static WebClient web;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject());
    web = WebClient.create(node.vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  @Test
  void webSocketRefusesALoneSurrogate() throws Exception {
    WsClient c = await(WsClient.connect(node.vertx, node.config.getInteger("ws.port"), node.tokens.token("uni", "user"), Encoding.JSON));
    await(c.next("ready"));
    await(c.sendText("{\"type\":\"publish\",\"id\":\"p1\",\"topic\":\"public.uni\",\"ack\":true,\"payload\":{\"t\":\"" + LONE + "\"}}"));
    JsonObject error = await(c.next("error"));
    assertEquals("invalid_field", error.getString("code"), error.encode());
    assertEquals("payload.t", error.getString("field"), error.encode());
    assertTrue(error.getString("message").contains("payload.t is not valid Unicode"), error.encode());
    await(c.sendText("{\"type\":\"publish\",\"id\":\"p2\",\"topic\":\"public.uni\",\"ack\":true,\"payload\":\"" + PAIR + "\"}"));
    assertEquals("p2", await(c.next("ack")).getString("id"));
    await(c.close());
  }

  private HttpResponse<Buffer> createSession(String rawTitle) throws Exception {
    return await(web.post(node.config.getInteger("http.port"), "127.0.0.1", "/api/sessions")
      .bearerTokenAuthentication(node.tokens.token("uni", "user")).putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer("{\"title\":\"" + rawTitle + "\"}")));
  }

  @Test
  void restRefusesALoneSurrogateAndControlCharactersInTitles() throws Exception {
    HttpResponse<Buffer> lone = createSession(LONE);
    assertEquals(400, lone.statusCode(), lone.bodyAsString());
    assertEquals("is not valid Unicode (a lone UTF-16 surrogate)",
      lone.bodyAsJsonObject().getJsonObject("error").getJsonObject("fields").getString("title"), lone.bodyAsString());
    HttpResponse<Buffer> nul = createSession("a\\u0000b");
    assertEquals(400, nul.statusCode(), nul.bodyAsString());
    assertTrue(nul.bodyAsString().contains("without control characters"), nul.bodyAsString());
    HttpResponse<Buffer> emoji = createSession("review " + PAIR);
    assertEquals(201, emoji.statusCode(), emoji.bodyAsString());
    assertEquals("review \uD83D\uDE00", emoji.bodyAsJsonObject().getString("title"));
  }

  @Test
  void mcpRefusesALoneSurrogate() throws Exception {
    HttpResponse<Buffer> r = await(web.post(node.config.getInteger("http.port"), "127.0.0.1", "/mcp")
      .putHeader("Accept", "application/json, text/event-stream").putHeader("Content-Type", "application/json")
      .bearerTokenAuthentication(node.tokens.token("uni", "user"))
      .sendBuffer(Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"" + LONE + "\",\"version\":\"1\"}}}")));
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertTrue(r.bodyAsString().contains("params.clientInfo.name is not valid Unicode"), r.bodyAsString());
  }

  @Test
  void tcpBridgeRefusesALoneSurrogate() throws Exception {
    try (TcpFrames c = TcpFrames.connect(node.config.getInteger("bridge.tcp.port"))) {
      byte[] json = ("{\"type\":\"send\",\"address\":\"switchboard.bridge.publish\",\"replyAddress\":\"r\",\"body\":{\"topic\":"
        + "\"public.uni\",\"payload\":\"" + LONE + "\"}}").getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      new DataOutputStream(frame).writeInt(json.length);
      frame.write(json);
      c.writeRaw(frame.toByteArray());
      JsonObject err = c.read();
      assertEquals("err", err.getString("type"));
      assertTrue(err.getString("message").contains("body.payload is not valid Unicode"), err.encode());
    }
  }
}
