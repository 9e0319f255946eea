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
 * a duplicate; with federation ({@link TopicExport}) also hand it to the other deployments.
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
    return topics.append(topic, publisher, clientMessageId, payload, e2e).map(a -> fanOut(a, priority, true));
  }

  /**
   * A message published in another deployment (federation, docs/federation.md): appended here with its origin
   * (a seq of this deployment), signed and fanned out by the one node of this deployment whose append was not a
   * duplicate; never exported again, so no message can loop between deployments.
   */
  public Future<TopicLogs.Appended> publishImported(Deliver remote, int priority) {
    return topics.appendImported(remote.topic(), remote.publisher(), remote.payload(), remote.e2e(), remote.origin(),
      remote.messageId()).map(a -> fanOut(a, priority, false));
  }

  private TopicLogs.Appended fanOut(TopicLogs.Appended appended, int priority, boolean export) {
    Deliver d = sign(appended.deliver());
    if (!appended.duplicate()) {
      TopicApi.publish(vertx.eventBus(), d, priority);
      // Only the node that accepted the publish exports it, so a deployment sends each message once.
      TopicExport exporter = export ? TopicExport.find(vertx) : null;
      if (exporter != null) {
        exporter.export(d, priority);
      }
    }
    return new TopicLogs.Appended(d, appended.duplicate());
  }
}
