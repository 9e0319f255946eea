package io.switchboard.ws;

import io.switchboard.http.HttpVerticle;
import io.switchboard.inbox.Inbox;
import io.switchboard.protocol.Limits;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.security.Audit;
import io.switchboard.session.SessionService;
import io.switchboard.topic.TopicLogs;
import io.switchboard.topic.PublishPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/** What the connections of one WsVerticle instance share: settings, services, metrics, and each other. */
final class Gateway {

  final Logger log = LoggerFactory.getLogger(Connection.class);
  final Vertx vertx;
  final WsSettings settings;
  final Limits limits;
  final String nodeId;
  final TopicLogs topics;
  final TopicFanout fanout;
  final SessionFanout sessions;
  /** The node's sessions and documents: joins read and edits apply through it from this event loop, no bus hop. */
  final SessionService documents;
  /** How long a join or an edit waits for the session service before the client is told {@code unavailable}. */
  final long documentTimeoutMs;
  ParticipantRegistry participants;
  final GatewayMetrics metrics;
  final PublishPipeline publisher;
  /** This instance's ready frames: made from its first connection's ready (this loop's alone). */
  io.switchboard.protocol.codec.ReadyFrames readyFrames;
  /** The node's offline inbox and its live pushes; both null without Redis (the feature is off). */
  final Inbox inbox;
  final InboxFanout inboxes;
  final Set<Connection> connections = new HashSet<>();

  Gateway(Vertx vertx, WsSettings settings, String nodeId, PublishPipeline publisher, SessionService documents,
          GatewayMetrics metrics, JsonObject config) {
    this.vertx = vertx;
    this.settings = settings;
    this.limits = settings.limits();
    this.nodeId = nodeId;
    this.topics = publisher.topics();
    this.metrics = metrics;
    this.publisher = publisher;
    this.documents = documents;
    this.documentTimeoutMs = config.getLong(HttpVerticle.BUS_TIMEOUT_MS, 5_000L);
    this.fanout = new TopicFanout(this);
    this.sessions = new SessionFanout(this);
    this.inbox = Inbox.find(vertx, config);
    this.inboxes = inbox == null ? null : new InboxFanout(this);
  }

  Deliver sign(Deliver d) {
    return publisher.sign(d);
  }

  void connected(Connection c) {
    connections.add(c);
    metrics.connections.incrementAndGet();
  }

  void disconnected(Connection c) {
    if (connections.remove(c)) {
      metrics.connections.decrementAndGet();
      for (Subscription sub : c.subscriptions()) {
        fanout.remove(c, sub);
      }
      c.leaveAll();
      c.stopInbox();
    }
  }

  void denied(Connection c, String action, String topic) {
    Audit.record(vertx, Audit.ACCESS_DENIED, new JsonObject().put("sub", c.principal.subject())
      .put("action", "topic." + action).put("topic", topic).put("connection", c.id));
  }
}
