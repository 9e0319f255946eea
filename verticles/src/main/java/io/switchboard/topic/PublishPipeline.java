package io.switchboard.topic;

import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.inbox.Inbox;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.InboxItem;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.signing.DeliverSignature;
import io.switchboard.security.Audit;
import io.switchboard.security.Principal;
import io.switchboard.security.RateLimiter;
import io.switchboard.security.TopicPermissions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's one way to publish to a topic, built once by {@code MainVerticle} and handed to every edge (WebSocket
 * gateway, TCP and SockJS bridges, MCP tools, REST routes): a publish by a client passes the same rules in the same
 * order wherever it came from, and fails with the same {@link ServiceError} codes —
 * <ol>
 *   <li>a valid request: the protocol's {@link Publish}, whose constructor checks every field the same way for every
 *       edge ({@link #request} builds one from a JSON body: {@code validation_failed} naming the field);</li>
 *   <li>the caller's publish permissions, from the token's {@code topics} claim or the configured defaults
 *       ({@code forbidden}, audited as {@code access_denied});</li>
 *   <li>one per-user budget, {@code ws.rate-limit.user-publish-per-second} with a burst of twice that, whichever
 *       edges the user publishes through ({@code rate_limited});</li>
 *   <li>append to the topic's log: sequence, dedup by (publisher, client id), history, archive
 *       ({@link TopicLogs}; {@code unavailable} when too many appends to the topic already wait);</li>
 *   <li>sign when {@code ws.signing-key} is set, fan out to every node (unless a duplicate), put addressed messages in
 *       offline inboxes ({@link Inbox}, with Redis) and hand them to federation ({@link TopicExport}).</li>
 * </ol>
 * Two entry points skip the client rules because no client is the caller: {@link #invite} (the session service has
 * authorised the invitation) and {@link #publishImported} (federation).
 * <p>
 * Thread-safe: every event loop of the node uses the same instance.
 */
public final class PublishPipeline {

  public static final String SIGNING_KEY = "ws.signing-key";
  public static final String USER_RATE = "ws.rate-limit.user-publish-per-second";

  /**
   * A checked publish: the protocol's {@link Publish} and the id that makes a retry a recognised duplicate (the
   * client's id; null when a JSON-bodied edge was given none, and the check ran on a stand-in).
   */
  public record Request(Publish message, String clientMessageId) {

    /** A WebSocket publish: its id (always present there) is the client's. */
    public static Request of(Publish message) {
      return new Request(message, message.id());
    }
  }

  private final Vertx vertx;
  private final TopicLogs topics;
  private final JsonObject config;
  private final RateLimiter userBudget;
  private final NodeMetrics metrics;
  private final DeliverSignature signer;
  private final Inbox inbox;
  private final Fanout fanout;
  private final TopicActivity activity = new TopicActivity();
  private final TopicPermissions.Defaults defaultPermissions;

  public PublishPipeline(Vertx vertx, TopicLogs topics, Fanout fanout, JsonObject config, RateLimiter userBudget) {
    this.vertx = vertx;
    this.topics = topics;
    this.fanout = fanout;
    this.config = config;
    this.userBudget = userBudget;
    this.metrics = NodeMetrics.get(vertx);
    this.inbox = Inbox.find(vertx, config);
    this.defaultPermissions = TopicPermissions.Defaults.of(config);
    String key = config.getString(SIGNING_KEY, "");
    this.signer = key.isEmpty() ? null : new DeliverSignature(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Opens the node's topic logs and builds the pipeline on them, with the node's per-user budget; after the Redis
   * store started (archive, inboxes), before any edge.
   */
  public static Future<PublishPipeline> open(Vertx vertx, JsonObject config, RateLimiter userBudget) {
    ClusterNode node = ClusterNode.get(vertx);
    return TopicLogs.open(vertx, node, TopicSettings.from(config))
      .map(logs -> new PublishPipeline(vertx, logs, Fanout.of(vertx, node), config, userBudget));
  }

  /** Messages accepted per topic on this node (the list of active topics). */
  public TopicActivity activity() {
    return activity;
  }

  /** Where the node's accepted messages go: every listener (gateway instance, bridge relay) listens here. */
  public Fanout fanout() {
    return fanout;
  }

  /** The node's topic logs, for reads (history, resume). */
  public TopicLogs topics() {
    return topics;
  }

  /** The caller's permissions: its token's {@code topics} claim, else the configured defaults. */
  public TopicPermissions permissions(Principal caller) {
    return TopicPermissions.of(caller, defaultPermissions);
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

  /**
   * The publish a JSON-bodied edge (bridges, MCP, REST) was asked for: {@code topic}, optional {@code id} (a retry
   * with the same id is a recognised duplicate), {@code payload}, optional {@code priority} (0 highest to 4, default
   * 2), optional {@code mentions}. The checks are the WebSocket protocol's own.
   *
   * @throws ServiceError {@code validation_failed} naming the first bad field
   */
  public static Request request(Object topic, JsonObject body) {
    if (topic != null && !(topic instanceof String)) {
      throw invalid("topic", "must be a string");
    }
    Object id = body.getValue("id");
    Object priority = body.getValue("priority", Protocol.DEFAULT_PRIORITY);
    Object mentions = body.getValue("mentions");
    if (id != null && !(id instanceof String)) {
      throw invalid("id", "must be a string");
    }
    if (!(priority instanceof Integer || priority instanceof Long || priority instanceof Short)) {
      throw invalid("priority", "must be an integer from 0 (highest) to 4 (lowest)");
    }
    List<String> named = new ArrayList<>();
    if (mentions != null) {
      if (!(mentions instanceof JsonArray list)) {
        throw invalid("mentions", "must be an array of user names");
      }
      for (Object m : list) {
        if (!(m instanceof String user)) {
          throw invalid("mentions", "must be an array of user names");
        }
        named.add(user);
      }
    }
    long level = ((Number) priority).longValue();
    try {
      return new Request(new Publish(id == null ? "-" : (String) id, (String) topic, body.getValue("payload"),
        (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, level)), true, false, named), (String) id);
    } catch (ProtocolException e) {
      throw invalid(e.field() == null ? "body" : e.field(), e.getMessage());
    }
  }

  private static ServiceError invalid(String field, String why) {
    return ServiceError.validation(new JsonObject().put(field, why));
  }

  /** A client's publish, with its permissions worked out from the principal. */
  public Future<TopicLogs.Appended> publish(Principal caller, Request request, String edge) {
    return publish(caller, permissions(caller), request, edge);
  }

  /**
   * A client's publish through {@code edge} (a short name for the audit log: {@code ws}, {@code bridge},
   * {@code mcp}, {@code rest}), with the permissions the edge already holds for this caller. Fails with a
   * {@link ServiceError}: {@code forbidden}, {@code rate_limited}, {@code unavailable}.
   */
  public Future<TopicLogs.Appended> publish(Principal caller, TopicPermissions permissions, Request request, String edge) {
    Publish message = request.message();
    String topic = message.topic();
    if (!permissions.mayPublish(topic)) {
      Audit.record(vertx, Audit.ACCESS_DENIED, new JsonObject().put("sub", caller.subject())
        .put("action", "topic.publish").put("topic", topic).put("edge", edge));
      return Future.failedFuture(new ServiceError(ErrorCode.FORBIDDEN, "you may not publish to " + topic,
        new JsonObject().put("topic", "not permitted")));
    }
    long wait = userBudget.acquire(caller.subject());
    if (wait != 0) {
      metrics.rateLimited("user_publish");
      return Future.failedFuture(new ServiceError(ErrorCode.RATE_LIMITED, "publish rate limit exceeded (user), retry in "
        + RateLimiter.retryAfterMillis(wait) + " ms"));
    }
    return publish(topic, caller.subject(), request.clientMessageId(), message.payload(), message.e2e(), message.priority(),
      message.mentions(), InboxItem.DIRECT)
      .recover(err -> Future.failedFuture(err instanceof TopicBusyException
        ? new ServiceError(ErrorCode.UNAVAILABLE, err.getMessage(), new JsonObject().put("topic", "busy"))
        : err));
  }

  /** A session invitation: published to the invitee's {@code user.<name>.inbox}, addressed as {@code invitation}. */
  public Future<TopicLogs.Appended> invite(String invitee, String inviter, String clientMessageId, JsonObject payload) {
    return publish(Inbox.directTopic(invitee), inviter, clientMessageId, payload, false, Protocol.DEFAULT_PRIORITY,
      List.of(), InboxItem.INVITATION);
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
      activity.record(d.topic());
      // A signed message's frame has its signature too: encoded from the message, not made from the log's frame.
      fanout.publish(d == appended.deliver() ? Envelope.of(d, appended.frame()) : Envelope.of(d), priority);
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
