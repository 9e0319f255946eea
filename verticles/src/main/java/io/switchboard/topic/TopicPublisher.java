package io.switchboard.topic;

import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.signing.DeliverSignature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * Publishing to a topic, the one way every edge does it (WebSocket gateway, MCP tools, bridges): append to the
 * topic's log (sequence, dedup), sign when {@code ws.signing-key} is set, and fan out to every node unless it was
 * a duplicate.
 */
public final class TopicPublisher {

  public static final String SIGNING_KEY = "ws.signing-key";

  private final Vertx vertx;
  private final TopicLogs topics;
  private final DeliverSignature signer;

  public TopicPublisher(Vertx vertx, TopicLogs topics, JsonObject config) {
    this.vertx = vertx;
    this.topics = topics;
    String key = config.getString(SIGNING_KEY, "");
    this.signer = key.isEmpty() ? null : new DeliverSignature(key.getBytes(StandardCharsets.UTF_8));
  }

  public boolean signs() {
    return signer != null;
  }

  /** The deliver as clients see it: signed when a key is configured. */
  public Deliver sign(Deliver d) {
    return signer == null || d.sig() != null ? d : signer.sign(d);
  }

  /** Appends and fans out; the result carries the (signed) deliver and whether it was a duplicate. */
  public Future<TopicLogs.Appended> publish(String topic, String publisher, String clientMessageId, Object payload,
                                            boolean e2e, int priority) {
    return topics.append(topic, publisher, clientMessageId, payload, e2e).map(appended -> {
      Deliver d = sign(appended.deliver());
      if (!appended.duplicate()) {
        TopicApi.publish(vertx.eventBus(), d, priority);
      }
      return new TopicLogs.Appended(d, appended.duplicate());
    });
  }
}
