package io.switchboard.ws;

import io.switchboard.protocol.Encoding;
import io.switchboard.support.Rest;
import io.switchboard.support.RunningNode;
import io.switchboard.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.support.RunningNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subject is data, never pattern syntax: subjects {@code *}, {@code >}, {@code a.b}, an e-mail address or Unicode
 * get a personal space of their own ({@code user.{sub}.>} with the subject as one segment, encoded when it is not a
 * plain segment), and none of them reaches another user's topics over WebSocket or REST history.
 */
class PersonalTopicsTest {

  private static RunningNode node;
  private static int wsPort;
  private static Rest rest;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(new JsonObject());
    wsPort = node.config.getInteger("ws.port");
    rest = new Rest(node.vertx, node.config.getInteger("http.port"));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }


  private static String answerTo(String sub, JsonObject request) throws Exception {
    WsClient c = await(WsClient.connect(node.vertx, wsPort, node.tokens.token(sub, "user"), Encoding.JSON));
    try {
      await(c.next("ready"));
      io.vertx.core.Promise<JsonObject> answered = io.vertx.core.Promise.promise();
      String id = request.getString("id");
      c.handler(m -> {
        if (id.equals(m.getString("id")) || id.equals(m.getString("ref"))) {
          answered.tryComplete(m);
        }
      });
      await(c.send(request));
      JsonObject answer = await(answered.future().timeout(10, TimeUnit.SECONDS));
      return answer.getString("type").equals("error") ? answer.getString("code") : answer.getString("type");
    } finally {
      await(c.close());
    }
  }

  private static JsonObject subscribe(String topic) {
    return new JsonObject().put("type", "subscribe").put("id", "s1").put("topic", topic);
  }

  private static JsonObject publish(String topic) {
    return new JsonObject().put("type", "publish").put("id", "p1").put("topic", topic).put("payload", "x").put("ack", true);
  }

  @Test
  void wildcardSubjectsDoNotReachOthersTopics() throws Exception {
    for (String sub : List.of("*", ">")) {
      assertEquals("forbidden", answerTo(sub, subscribe("user.alice.inbox")), sub);
      assertEquals("forbidden", answerTo(sub, subscribe("user.alice.>")), sub);
      assertEquals("forbidden", answerTo(sub, publish("user.alice.notes")), sub);
      int status = await(rest.get("/api/topics/user.alice.notes/history", node.tokens.token(sub, "user"))).statusCode();
      assertEquals(403, status, sub);
    }
  }

  @Test
  void aSubjectThatIsAPrefixOfAnotherDoesNotReachIt() throws Exception {
    // "alice@example" owned user.alice@example.>, and "alice@example.com" wrote to user.alice@example.com.notes, inside
    // it. Now the victim's space is its own encoded segment, out of the other's reach, and the victim no longer
    // writes into the other's space.
    String victims = "user." + io.switchboard.protocol.topic.UserSegment.of("alice@example.com") + ".notes";
    assertEquals("forbidden", answerTo("alice@example", subscribe(victims)));
    assertEquals("forbidden", answerTo("alice@example", subscribe("user.*.notes")));
    assertEquals("ack", answerTo("alice@example.com", publish(victims)));
    assertEquals("forbidden", answerTo("alice@example.com", publish("user.alice@example.com.notes")));
    assertEquals("forbidden", answerTo("a.b", subscribe("user.a.b.notes")));
    assertEquals("forbidden", answerTo("a.b", subscribe("user.a.>")));
  }

  @Test
  void everySubjectHasItsOwnSpace() throws Exception {
    for (String sub : List.of("alice@example.com", "a.b", "*", ">", "zoë", "~x", "auth0|123")) {
      String own = "user." + io.switchboard.protocol.topic.UserSegment.of(sub) + ".notes";
      assertEquals(3, own.split("\\.").length, own);
      assertEquals("subscribed", answerTo(sub, subscribe(own)), sub);
      assertEquals("ack", answerTo(sub, publish(own)), sub);
    }
    // Plain subjects keep their readable segment.
    assertEquals("subscribed", answerTo("alice", subscribe("user.alice.notes")));
    assertEquals("subscribed", answerTo("alice@example", subscribe("user.alice@example.notes")));
  }

  @Test
  void encodedSegmentsDoNotCollide() {
    assertEquals("alice", io.switchboard.protocol.topic.UserSegment.of("alice"));
    assertEquals("~YWxpY2VAZXhhbXBsZS5jb20", io.switchboard.protocol.topic.UserSegment.of("alice@example.com"));
    assertEquals("~Kg", io.switchboard.protocol.topic.UserSegment.of("*"));
    // A plain subject can never look like an encoded one: "~..." is itself encoded.
    assertTrue(io.switchboard.protocol.topic.UserSegment.of("~Kg").startsWith("~"));
    assertFalse(io.switchboard.protocol.topic.UserSegment.of("~Kg").equals("~Kg"));
  }
}
