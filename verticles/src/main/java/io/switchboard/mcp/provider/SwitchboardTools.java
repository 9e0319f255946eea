package io.switchboard.mcp.provider;

import io.switchboard.bus.ServiceError;
import io.switchboard.mcp.JsonRpc;
import io.switchboard.mcp.McpProvider;
import io.switchboard.ot.TextOperation;
import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Position;
import io.switchboard.protocol.topic.Topics;
import io.switchboard.security.Principal;
import io.switchboard.session.SessionService;
import io.switchboard.topic.TopicHistory;
import io.switchboard.topic.TopicLogs;
import io.switchboard.topic.PublishPipeline;
import io.switchboard.security.TopicPermissions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


/**
 * What Switchboard offers AI agents over MCP: tools for sessions, documents and topics, each session's document
 * as a resource ({@code switchboard://sessions/{id}}, updated on every edit) and a prompt that summarises a
 * session. Every call runs with the caller's token: the same rules as REST and WebSocket apply.
 */
public final class SwitchboardTools {

  public static final String ADDRESS = "switchboard.mcp.provider.switchboard";
  public static final String TEMPLATE = "switchboard://sessions/{id}";

  private SwitchboardTools() {
  }

  public static String documentUri(String sessionId) {
    return "switchboard://sessions/" + sessionId;
  }

  /**
   * @param pipeline the node's publish pipeline (rules and budget shared with every edge) and its topic logs
   * @param sessions the node's session service (records; documents go through the session verticle's address)
   */
  public static McpProvider provider(Vertx vertx, PublishPipeline pipeline, SessionService sessions) {
    Tools t = new Tools(pipeline, sessions);
    // The tools call the node's pipeline, topic logs and session service, which every edge calls from its own event
    // loop: safe on any of them, so this node's MCP edges call the tools directly.
    return new McpProvider(vertx, "switchboard", ADDRESS, 30).servesAnyEventLoop()
      .tool(tool("list_sessions", "List collaborative sessions, oldest first (paged).", new JsonObject()
        .put("state", str("active, suspended or ended")).put("owner", str("only sessions of this owner"))
        .put("limit", integer("page size, 1 to 200")).put("cursor", str("nextCursor of the previous page")), new JsonArray()), t::listSessions)
      .tool(tool("create_session", "Create a collaborative session; you become its owner.", new JsonObject()
        .put("title", str("title, 1 to 200 characters")).put("metadata", new JsonObject().put("type", "object"))
        .put("ttlSeconds", integer("lifetime in seconds")), new JsonArray().add("title")), t::createSession)
      .tool(tool("end_session", "End a session (final: its document can no longer be edited).", new JsonObject()
        .put("session", str("session id")), new JsonArray().add("session")), t::endSession)
      .tool(tool("read_document", "Read a session's shared document: text and revision.", new JsonObject()
        .put("session", str("session id")), new JsonArray().add("session")), t::readDocument)
      .tool(tool("edit_document", "Replace the text between start and end (code points; end defaults to start, "
        + "i.e. insert) in a session's document. Concurrent edits are merged.", new JsonObject()
        .put("session", str("session id")).put("start", integer("start position, code points"))
        .put("end", integer("end position (exclusive), code points")).put("text", str("text to put there")),
        new JsonArray().add("session").add("start")), t::editDocument)
      .tool(tool("publish", "Publish a JSON payload to a topic.", new JsonObject()
        .put("topic", str("topic, e.g. public.news")).put("payload", new JsonObject().put("description", "any JSON value"))
        .put("id", str("optional: your id for this message; a retry with the same id is recognised, not published twice"))
        .put("priority", integer("0 (highest) to 4")), new JsonArray().add("topic").add("payload")), t::publish)
      .tool(tool("read_topic", "Read a topic's messages, oldest first: the most recent ones, or those after a sequence "
          + "number (older than the in-memory history they come from Redis when it is configured).", new JsonObject()
        .put("topic", str("topic")).put("limit", integer("how many, 1 to 100 (default 20)"))
        .put("since", integer("optional: return the messages after this sequence number"))
        .put("epoch", str("optional, with since: the epoch that since belongs to (default: the topic's current one)")),
        new JsonArray().add("topic")), t::readTopic)
      .template(new JsonObject().put("uriTemplate", TEMPLATE).put("name", "session-document")
        .put("title", "Session document").put("description", "The shared text of a collaborative session")
        .put("mimeType", "text/plain"), t::readResource)
      .completion(TEMPLATE, t::completeSession)
      .prompt(new JsonObject().put("name", "summarize_session").put("title", "Summarise a session")
        .put("description", "Ask for a summary of a collaborative session's document")
        .put("arguments", new JsonArray().add(new JsonObject().put("name", "session").put("description", "session id")
          .put("required", true))), t::summarize)
      .completion("summarize_session", t::completeSession);
  }

  private static JsonObject tool(String name, String description, JsonObject properties, JsonArray required) {
    return new JsonObject().put("name", name).put("description", description).put("inputSchema",
      new JsonObject().put("type", "object").put("properties", properties).put("required", required));
  }

  private static JsonObject str(String description) {
    return new JsonObject().put("type", "string").put("description", description);
  }

  private static JsonObject integer(String description) {
    return new JsonObject().put("type", "integer").put("description", description);
  }

  /** The implementations: each calls the service of the node it runs on, as the caller. */
  private static final class Tools {
    private final TopicLogs topics;
    private final PublishPipeline pipeline;
    private final SessionService service;

    Tools(PublishPipeline pipeline, SessionService service) {
      this.topics = pipeline.topics();
      this.pipeline = pipeline;
      this.service = service;
    }

    /** Tool results: the JSON as structured content and as text; service errors become tool errors. */
    private static Future<JsonObject> result(Future<JsonObject> outcome) {
      return outcome.map(json -> new JsonObject().put("structuredContent", json)
          .put("content", new JsonArray().add(text(json.encodePrettily()))))
        .recover(err -> {
          ServiceError e = ServiceError.from(err);
          // The code in the text for a model to read, and structured (as REST answers it) for a program to branch on.
          return Future.succeededFuture(new JsonObject().put("isError", true).put("structuredContent", e.toJson())
            .put("content", new JsonArray().add(text(e.code().code() + ": " + e.getMessage()))));
        });
    }

    private static JsonObject text(String text) {
      return new JsonObject().put("type", "text").put("text", text);
    }

    Future<JsonObject> listSessions(McpProvider.Call call) {
      JsonObject a = call.arguments();
      JsonObject req = new JsonObject();
      for (String f : new String[]{"state", "owner", "limit", "cursor"}) {
        if (a.containsKey(f)) {
          req.put(f, a.getValue(f));
        }
      }
      return result(service.list(call.principal(), req));
    }

    Future<JsonObject> createSession(McpProvider.Call call) {
      return result(service.create(call.principal(), call.arguments()));
    }

    Future<JsonObject> endSession(McpProvider.Call call) {
      return result(service.update(call.principal(), call.arguments().getString("session"),
        new JsonObject().put("state", "ended"), -1L));
    }

    Future<JsonObject> readDocument(McpProvider.Call call) {
      return result(service.document(call.principal(), call.arguments().getString("session")));
    }

    /** A text-level edit, turned into an operation on the revision just read and transformed like any other. */
    Future<JsonObject> editDocument(McpProvider.Call call) {
      JsonObject a = call.arguments();
      String id = a.getString("session");
      return result(service.document(call.principal(), id).compose(doc -> {
        String text = doc.getString("text");
        int length = text.codePointCount(0, text.length());
        int start = a.getInteger("start");
        int end = a.getInteger("end", start);
        String insert = a.getString("text", "");
        if (start < 0 || end < start || end > length) {
          return Future.failedFuture(new ServiceError(io.switchboard.bus.ErrorCode.VALIDATION_FAILED,
            "start and end must satisfy 0 <= start <= end <= " + length, new JsonObject().put("start", start).put("end", end)));
        }
        TextOperation op = TextOperation.builder().retain(start).delete(end - start).insert(insert).retain(length - end).build();
        return service.edit(call.principal(), id, doc.getLong("revision"), op, null, "mcp-" + java.util.UUID.randomUUID(),
          false);
      }));
    }

    Future<JsonObject> publish(McpProvider.Call call) {
      Future<TopicLogs.Appended> published;
      try {
        published = pipeline.publish(call.principal(), PublishPipeline.request(call.arguments().getValue("topic"),
          call.arguments()), "mcp");
      } catch (ServiceError invalid) {
        published = Future.failedFuture(invalid);
      }
      return result(published.map(appended -> {
        Deliver d = appended.deliver();
        return new JsonObject().put("topic", d.topic()).put("epoch", d.epoch()).put("seq", d.seq())
          .put("messageId", d.messageId()).put("duplicate", appended.duplicate());
      }));
    }

    Future<JsonObject> readTopic(McpProvider.Call call) {
      JsonObject a = call.arguments();
      String topic = a.getString("topic");
      int limit = Math.max(1, Math.min(100, a.getInteger("limit", 20)));
      if (!Topics.isValidTopic(topic)) {
        return result(Future.failedFuture(ServiceError.validation(new JsonObject().put("topic", "not a valid topic"))));
      }
      if (!pipeline.permissions(call.principal()).maySubscribe(topic)) {
        return result(Future.failedFuture(new ServiceError(io.switchboard.bus.ErrorCode.FORBIDDEN, "you may not read " + topic)));
      }
      Object since = a.getValue("since");
      if (since != null && (!(since instanceof Number n) || n.longValue() < 0)) {
        return result(Future.failedFuture(ServiceError.validation(new JsonObject().put("since", "a whole number >= 0"))));
      }
      return result(TopicHistory.read(topics, topic, a.getString("epoch"), since == null ? null : ((Number) since).longValue(),
        limit));
    }

    Future<JsonObject> readResource(McpProvider.Call call) {
      String uri = call.uri();
      String id = uri.substring(uri.lastIndexOf('/') + 1);
      return service.document(call.principal(), id)
        .map(doc -> new JsonObject().put("contents", new JsonArray().add(new JsonObject().put("uri", uri)
          .put("mimeType", "text/plain").put("text", doc.getString("text"))
          .put("_meta", new JsonObject().put("revision", doc.getLong("revision"))))))
        .recover(err -> Future.failedFuture(new JsonRpc.Failure(JsonRpc.RESOURCE_NOT_FOUND, "resource not found: " + uri,
          new JsonObject().put("uri", uri))));
    }

    Future<JsonObject> summarize(McpProvider.Call call) {
      String id = call.arguments().getString("session");
      if (id == null) {
        return Future.failedFuture(new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "argument 'session' is required"));
      }
      return service.get(call.principal(), id).compose(session ->
          service.document(call.principal(), id).map(doc -> new JsonObject()
            .put("description", "Summary of " + session.getString("title"))
            .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", text(
              "Summarise the collaborative session \"" + session.getString("title") + "\" (state " + session.getString("state")
                + ", revision " + doc.getLong("revision") + "). Its document:\n\n" + doc.getString("text")))))))
        .recover(err -> Future.failedFuture(new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, ServiceError.from(err).getMessage())));
    }

    /** Completes a session id from the sessions the caller may read. */
    Future<JsonObject> completeSession(McpProvider.Call call) {
      String prefix = call.argument().getString("value", "");
      return service.list(call.principal(), new JsonObject().put("limit", 200)).map(page -> {
        JsonArray values = new JsonArray(page.getJsonArray("items").stream().map(s -> ((JsonObject) s).getString("id"))
          .filter(v -> v.startsWith(prefix)).limit(100).map(v -> (Object) v).toList());
        return new JsonObject().put("completion", new JsonObject().put("values", values).put("hasMore", false));
      });
    }
  }
}
