package io.switchboard.http;

import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.inbox.Inbox;
import io.switchboard.protocol.topic.Topics;
import io.switchboard.security.Principal;
import io.switchboard.security.SessionPolicy;
import io.switchboard.session.SessionApi;
import io.switchboard.topic.PublishPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/sessions/{id}/invitations {"user": "bob", "message"?: "..."}}: whoever may edit the session (its
 * owner, its {@code metadata.editors}, or any user when there is no editor list; admins) invites another user. The
 * invitation is a message on the invitee's {@code user.<name>.inbox} topic, published by the inviter, and goes to
 * the invitee's offline inbox with reason {@code invitation} (when Redis is configured). It grants nothing: the
 * session's own rules still decide what the invitee may do. docs/rest-api.md shows the exchange.
 */
final class InvitationRoutes {

  private static final int MAX_MESSAGE = 1000;

  private final BusClient bus;
  private final PublishPipeline publisher;

  InvitationRoutes(BusClient bus, PublishPipeline publisher) {
    this.bus = bus;
    this.publisher = publisher;
  }

  void mount(Router router, RouteTags tags) {
    tags.post(router, "/api/sessions/:id/invitations").handler(this::invite);
  }

  private void invite(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    JsonObject errors = new JsonObject();
    String user = body.getValue("user") instanceof String s ? s : null;
    if (user == null || user.isEmpty() || !Topics.isValidTopic(Inbox.directTopic(user))) {
      errors.put("user", "must be a user's subject (a non-empty string whose inbox topic fits in 256 characters)");
    }
    Object message = body.getValue("message");
    if (message != null && (!(message instanceof String m) || m.length() > MAX_MESSAGE)) {
      errors.put("message", "must be a string of at most " + MAX_MESSAGE + " characters");
    }
    for (String field : body.fieldNames()) {
      if (!field.equals("user") && !field.equals("message")) {
        errors.put(field, "unknown field");
      }
    }
    if (!errors.isEmpty()) {
      throw ServiceError.validation(errors);
    }
    Principal inviter = BearerAuthHandler.principal(ctx);
    String id = ctx.pathParam("id");
    JsonObject req = new JsonObject().put("id", id).put("principal", inviter.toJson());
    bus.request(SessionApi.ADDRESS, SessionApi.GET, req).compose(session -> {
      Object editors = session.getJsonObject("metadata", new JsonObject()).getValue("editors");
      if (!SessionPolicy.mayEdit(inviter, session.getString("owner"),
        editors instanceof JsonArray a ? a.getList() : null)) {
        throw new ServiceError(ErrorCode.FORBIDDEN, "only who may edit session " + id + " may invite to it");
      }
      JsonObject invitation = new JsonObject().put("kind", "invitation").put("session", id)
        .put("title", session.getString("title")).put("by", inviter.subject());
      if (message != null) {
        invitation.put("message", message);
      }
      return publisher.invite(user, inviter.subject(), null, invitation);
    }).onSuccess(appended -> JsonBodies.send(ctx, 202, new JsonObject()
      .put("user", user).put("session", id).put("topic", appended.deliver().topic())
      .put("epoch", appended.deliver().epoch()).put("seq", appended.deliver().seq())
      .put("messageId", appended.deliver().messageId()).put("inbox", publisher.inboxes())))
      .onFailure(ctx::fail);
  }
}
