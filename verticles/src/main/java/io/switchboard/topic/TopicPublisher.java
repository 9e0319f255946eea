package io.switchboard.topic;

import io.switchboard.inbox.Inbox;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.InboxItem;
import io.switchboard.protocol.signing.DeliverSignature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Publishing to a topic, the one way every edge does it (WebSocket gateway, MCP tools, bridges): append to the
 * topic's log (sequence, dedup), sign when {@code ws.signing-key} is set, and fan out to every node unless it was
 * a duplicate. A message addressed to users (a publish to {@code user.<name>.inbox}, mentions, invitations) is also
 * put in their offline inboxes when the node has one ({@link Inbox}, with Redis); with federation
 * ({@link TopicExport}) the message is also handed to the other deployments.
 */
public final class TopicPublisher {

  public static final String SIGNING_KEY = "ws.signing-key";

  private final Vertx vertx;
  private final TopicLogs topics;
  private final DeliverSignature signer;
  private final Inbox inbox;

  public TopicPublisher(Vertx vertx, TopicLogs topics, JsonObject config) {
    this.vertx = vertx;
    this.topics = topics;
    this.inbox = Inbox.find(vertx, config);
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

  /** Whether addressed messages are kept in offline inboxes (Redis configured). */
  public boolean inboxes() {
    return inbox != null;
  }

  /** Appends and fans out; the result carries the (signed) deliver and whether it was a duplicate. */
  public Future<TopicLogs.Appended> publish(String topic, String publisher, String clientMessageId, Object payload,
                                            boolean e2e, int priority) {
    return publish(topic, publisher, clientMessageId, payload, e2e, priority, List.of(), InboxItem.DIRECT);
  }

  /** The same, the message also addressed to the mentioned users. */
  public Future<TopicLogs.Appended> publish(String topic, String publisher, String clientMessageId, Object payload,
                                            boolean e2e, int priority, List<String> mentions) {
    return publish(topic, publisher, clientMessageId, payload, e2e, priority, mentions, InboxItem.DIRECT);
  }

  /** A session invitation: published to the invitee's {@code user.<name>.inbox}, addressed as {@code invitation}. */
  public Future<TopicLogs.Appended> invite(String invitee, String inviter, String clientMessageId, JsonObject payload) {
    return publish(Inbox.directTopic(invitee), inviter, clientMessageId, payload, false,
      io.switchboard.protocol.Protocol.DEFAULT_PRIORITY, List.of(), InboxItem.INVITATION);
  }

  private Future<TopicLogs.Appended> publish(String topic, String publisher, String clientMessageId, Object payload,
                                             boolean e2e, int priority, List<String> mentions, String directReason) {
    return topics.append(topic, publisher, clientMessageId, payload, e2e)
      .map(a -> fanOut(a, priority, true, mentions, directReason));
  }

  /**
   * A message published in another deployment (federation, docs/federation.md): appended here with its origin
   * (a seq of this deployment), signed and fanned out by the one node of this deployment whose append was not a
   * duplicate; never exported again, so no message can loop between deployments. Mentions do not cross
   * deployments; a direct message does reach the local inbox.
   */
  public Future<TopicLogs.Appended> publishImported(Deliver remote, int priority) {
    return topics.appendImported(remote.topic(), remote.publisher(), remote.payload(), remote.e2e(), remote.origin(),
      remote.messageId()).map(a -> fanOut(a, priority, false, List.of(), InboxItem.DIRECT));
  }

  private TopicLogs.Appended fanOut(TopicLogs.Appended appended, int priority, boolean export, List<String> mentions,
                                    String directReason) {
    Deliver d = sign(appended.deliver());
    if (!appended.duplicate()) {
      TopicApi.publish(vertx.eventBus(), d, priority);
      if (inbox != null) {
        inbox.address(d, directReason, mentions);
      }
      // Only the node that accepted the publish exports it, so a deployment sends each message once.
      TopicExport exporter = export ? TopicExport.find(vertx) : null;
      if (exporter != null) {
        exporter.export(d, priority);
      }
    }
    return new TopicLogs.Appended(d, appended.duplicate());
  }
}
