package io.switchboard.http;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.metrics.ClusterVitals;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.protocol.topic.Topics;
import io.switchboard.topic.TopicHistory;
import io.switchboard.topic.PublishPipeline;
import io.switchboard.topic.TopicLogs;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.security.TopicPermissions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/topics/:topic/history?since=&epoch=&limit=}: a topic's history, from memory and (when configured)
 * Redis, under the same subscribe permissions as the WebSocket gateway (the token's {@code topics} claim, else
 * {@code ws.default-permissions.subscribe}). {@code POST /api/topics/:topic/messages}: a publish through the node's
 * {@link PublishPipeline}, the same rules and codes as every other edge. {@code GET /api/topics/active}: the topics
 * with traffic and their rates, those the caller may read. docs/rest-api.md shows the exchanges.
 */
final class TopicRoutes {

  private static final int DEFAULT_LIMIT = 100;

  private final PublishPipeline pipeline;
  private final TopicLogs topics;

  TopicRoutes(PublishPipeline pipeline) {
    this.pipeline = pipeline;
    this.topics = pipeline.topics();
  }

  void mount(Router router, RouteTags tags) {
    tags.get(router, "/api/topics/active").handler(this::active);
    tags.get(router, "/api/topics/:topic/history").handler(this::history);
    tags.post(router, "/api/topics/:topic/messages").handler(this::publish);
  }

  private void publish(RoutingContext ctx) {
    PublishPipeline.Request request = PublishPipeline.request(ctx.pathParam("topic"), JsonBodies.object(ctx));
    pipeline.publish(BearerAuthHandler.principal(ctx), request, "rest").onComplete(appended -> {
      Deliver d = appended.deliver();
      JsonBodies.send(ctx, 200, new JsonObject().put("topic", d.topic()).put("epoch", d.epoch()).put("seq", d.seq())
        .put("messageId", d.messageId()).put("duplicate", appended.duplicate()));
    }, err -> ApiErrors.send(ctx, ServiceError.from(err)));
  }

  /**
   * The topics with traffic over the whole cluster in the last 2 s, with their rates, that the caller may subscribe
   * to: a name the caller may not read never leaves the server.
   */
  private void active(RoutingContext ctx) {
    TopicPermissions permissions = pipeline.permissions(BearerAuthHandler.principal(ctx));
    ClusterVitals.activeTopics(ctx.vertx(), ClusterNode.get(ctx.vertx()), permissions::maySubscribe, 100)
      .onComplete(body -> JsonBodies.send(ctx, 200, body), err -> ApiErrors.send(ctx, ServiceError.from(err)));
  }

  private void history(RoutingContext ctx) {
    String topic = ctx.pathParam("topic");
    JsonObject invalid = new JsonObject();
    if (!Topics.isValidTopic(topic)) {
      invalid.put("topic", "not a valid topic");
    }
    Long since = number(ctx, "since", 0, Long.MAX_VALUE, invalid);
    Long limit = number(ctx, "limit", 1, TopicHistory.MAX_LIMIT, invalid);
    String epoch = ctx.request().getParam("epoch");
    if (!invalid.isEmpty()) {
      ApiErrors.send(ctx, ServiceError.validation(invalid));
      return;
    }
    TopicPermissions permissions = pipeline.permissions(BearerAuthHandler.principal(ctx));
    if (!permissions.maySubscribe(topic)) {
      ApiErrors.send(ctx, new ServiceError(ErrorCode.FORBIDDEN, "you may not read " + topic));
      return;
    }
    TopicHistory.read(topics, topic, epoch, since, limit == null ? DEFAULT_LIMIT : limit.intValue())
      .onComplete(page -> JsonBodies.send(ctx, 200, page), err -> ApiErrors.send(ctx, ServiceError.from(err)));
  }

  /** An optional whole-number query parameter within bounds; a bad one is noted in {@code invalid}. */
  private static Long number(RoutingContext ctx, String name, long min, long max, JsonObject invalid) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return null;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    invalid.put(name, "must be an integer between " + min + " and " + max);
    return null;
  }
}
