package io.switchboard.session;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.cluster.EntryStore;
import io.switchboard.ot.Component;
import io.switchboard.ot.OperationException;
import io.switchboard.ot.TextOperation;
import io.switchboard.protocol.Protocol;
import io.switchboard.security.Principal;
import io.switchboard.security.SessionPolicy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.function.Function;

/**
 * The shared document of each collaborative session (docs/collaboration.md). In a cluster documents live in the
 * Hazelcast map {@link SessionApi#DOCUMENTS}, beside the sessions, and every edit is transformed and applied by
 * {@link ApplyEditProcessor} on the partition owner; on a standalone node they live in its own memory, where the same
 * processor runs in the caller's thread ({@link io.switchboard.cluster.LocalEntryStore}). Each applied edit is then
 * announced once to every node on
 * {@link SessionApi#EDITS}, where the WebSocket gateways deliver it, in revision order, to the participants.
 * With Redis, every applied edit marks its document for a snapshot ({@link DocumentSnapshots}), and a session or
 * document missing from the cluster is reloaded from Redis first ({@link SessionRestore}).
 * <p>
 * Built once per node by {@link SessionService}, whose document operations call it from any event loop: every answer completes on the
 * caller's context. The WebSocket gateway, the REST routes and the MCP tools call it directly from their own event
 * loops, the bridges through {@link SessionVerticle}'s bus address. Why direct: an edit is a round trip its author waits for, and the bus
 * request to the session verticle and its reply were two thread hops of the five an edit crossed (docs/architecture.md,
 * "Collaborative edits"). Edits of one document are announced from several event loops, so they may reach a gateway
 * out of revision order; each gateway's {@code Reorderer} puts them back in order (it always had to: the editing
 * connection's own reply and the announcement race).
 */
final class DocumentService {

  public static final String MAX_HISTORY = "sessions.document.max-history";
  public static final String MAX_CODE_POINTS = "sessions.document.max-code-points";
  public static final String MAX_OP_COMPONENTS = "sessions.document.max-op-components";
  public static final String MAX_INSERT_CODE_POINTS = "sessions.document.max-insert-code-points";

  private final EditFanout edits;
  private final SessionRestore restore;
  private final DocumentSnapshots snapshots;
  private final EntryStore<SessionDocument> documents;
  private final int maxHistory;
  private final int maxCodePoints;
  private final int maxComponents;
  private final int maxInsert;

  /** {@code snapshots}: null without Redis. */
  DocumentService(SessionRestore restore, DocumentSnapshots snapshots,
                  EntryStore<SessionDocument> documents, EditFanout edits, JsonObject config) {
    this.edits = edits;
    this.restore = restore;
    this.snapshots = snapshots;
    this.documents = documents;
    this.maxHistory = config.getInteger(MAX_HISTORY, 1000);
    this.maxCodePoints = config.getInteger(MAX_CODE_POINTS, 1 << 20);
    this.maxComponents = config.getInteger(MAX_OP_COMPONENTS, 10_000);
    this.maxInsert = config.getInteger(MAX_INSERT_CODE_POINTS, 65_536);
  }

  /** {@code {session, epoch, text, revision}}. */
  Future<JsonObject> read(Principal principal, String id) {
    return readable(principal, id).compose(s -> open(id, -1, 0)).map(doc -> new JsonObject().put("session", id)
      .put("epoch", doc.getString("epoch")).put("text", doc.getString("text")).put("revision", doc.getLong("revision")));
  }

  /**
   * {@code {session, epoch, since, revision, edits: [event]}}; {@code resync} when {@code since} is no longer kept or,
   * given the {@code epoch} the caller's revision belongs to (null: any), the document has another one (it was rebuilt).
   */
  Future<JsonObject> history(Principal principal, String id, long since, int limit, String epoch) {
    if (since < 0) {
      return Future.failedFuture(ServiceError.validation(new JsonObject().put("since", "must be a revision >= 0")));
    }
    return readable(principal, id).compose(s -> open(id, since, limit)).compose(doc -> {
      if (epoch != null && !epoch.equals(doc.getString("epoch"))) {
        return Future.failedFuture(new ServiceError(ErrorCode.RESYNC, "the document was rebuilt since epoch " + epoch
          + " (now " + doc.getString("epoch") + "): its revisions start over; read the document again"));
      }
      if (since > doc.getLong("revision")) {
        return Future.failedFuture(new ServiceError(ErrorCode.INVALID_REVISION,
          "revision " + since + " is in the future: the document is at " + doc.getLong("revision")));
      }
      if (doc.getBoolean("resync", false)) {
        return Future.failedFuture(new ServiceError(ErrorCode.RESYNC, "revisions after " + since
          + " are no longer all kept (history starts at " + doc.getLong("historyStart") + "); read the document again"));
      }
      return Future.succeededFuture(new JsonObject().put("session", id).put("epoch", doc.getString("epoch"))
        .put("since", since).put("revision", doc.getLong("revision")).put("edits", doc.getJsonArray("edits")));
    });
  }

  /**
   * Applies an edit made against {@code baseRevision}; the reply and the broadcast event are
   * {@code {session, epoch, revision, op (as applied), author, origin, clientEditId}}. A copy of an edit already
   * applied ({@code resent}, or a late original of a resent one) is answered with that edit's event and
   * {@code duplicate: true}, and announced to nobody: every participant already has it.
   */
  Future<JsonObject> edit(Principal principal, String id, long baseRevision, JsonArray op, String origin,
                          String clientEditId, boolean resent) {
    TextOperation operation;
    try {
      operation = TextOperation.fromJson(op, maxComponents, maxInsert);
    } catch (OperationException e) {
      return Future.failedFuture(e.code().equals(OperationException.TOO_LARGE) ? tooLarge(e.getMessage())
        : DocumentEdits.error(e));
    }
    return apply(principal, id, baseRevision, operation, origin, clientEditId, resent);
  }

  /**
   * The same for an operation already parsed (by the WebSocket protocol's codec, strictly): only the size limits are
   * checked here, on its normalized components.
   */
  Future<JsonObject> edit(Principal principal, String id, long baseRevision, TextOperation operation,
                          String origin, String clientEditId, boolean resent) {
    if (operation.components().size() > maxComponents) {
      return Future.failedFuture(tooLarge("operation has " + operation.components().size()
        + " components, limit is " + maxComponents));
    }
    long inserted = 0;
    for (Component c : operation.components()) {
      inserted += c instanceof Component.Insert ? c.targetLength() : 0;
    }
    if (inserted > maxInsert) {
      return Future.failedFuture(tooLarge("inserted text exceeds " + maxInsert + " code points"));
    }
    return apply(principal, id, baseRevision, operation, origin, clientEditId, resent);
  }

  /** An operation within the node's limits: the session's rules, then the atomic apply and the announcement. */
  private Future<JsonObject> apply(Principal principal, String id, long baseRevision, TextOperation operation,
                                   String origin, String clientEditId, boolean resent) {
    // kept beside each of up to max-history edits: bounded like every other id (the WebSocket protocol's rule)
    String idProblem = clientEditId == null ? null : Protocol.textProblem(clientEditId, Protocol.MAX_ID_LENGTH);
    if (idProblem != null) {
      return Future.failedFuture(ServiceError.validation(new JsonObject().put("clientEditId", idProblem)));
    }
    return session(id).compose(s -> {
      Object editors = s.metadata().getValue("editors");
      if (!SessionPolicy.mayEdit(principal, s.owner(), editors instanceof JsonArray list ? list.getList() : null)) {
        return Future.failedFuture(new ServiceError(ErrorCode.FORBIDDEN, editors instanceof JsonArray
          ? "only the owner and the session's editors may edit this document"
          : "editing needs the user or admin role"));
      }
      if (s.state() != SessionState.ACTIVE) {
        return Future.failedFuture(new ServiceError(ErrorCode.SESSION_ENDED, "session is " + s.state().wire()
          + ": its document cannot be edited"));
      }
      SessionDocument.Edit edit = new SessionDocument.Edit(principal.subject(), origin, clientEditId, resent);
      return submit(id, create -> new ApplyEditProcessor(operation, baseRevision, edit, newEpoch(), maxHistory,
        maxCodePoints, create)).compose(json -> {
          if (json.containsKey("error")) {
            return Future.failedFuture(ServiceError.fromJson(json));
          }
          if (json.getBoolean("duplicate", false)) {
            return Future.succeededFuture(json);
          }
          json.remove("length");
          if (snapshots != null) {
            snapshots.changed(id, s.expiresAt());
          }
          edits.publish(json);
          return Future.succeededFuture(json);
        });
    });
  }

  private ServiceError tooLarge(String message) {
    return new ServiceError(ErrorCode.OPERATION_TOO_LARGE, message + " (limits: " + maxComponents + " components, "
      + maxInsert + " inserted code points)");
  }

  private Future<JsonObject> open(String id, long since, int limit) {
    return submit(id, create -> new OpenDocumentProcessor(newEpoch(), maxHistory, maxCodePoints, since,
      limit <= 0 ? maxHistory : limit, create));
  }

  /**
   * Runs a document processor. With Redis, it is first told not to create a missing document: that document may
   * only be missing from memory (the cluster restarted), so it is reloaded from Redis, then the processor runs again,
   * now allowed to create it (when Redis held none). Without Redis a missing document is simply created.
   */
  private Future<JsonObject> submit(String id,
                                    Function<Boolean, EntryProcessor<String, SessionDocument, DocumentAnswer>> processor) {
    return documents.submit(id, processor.apply(!restore.enabled())).map(DocumentAnswer::json)
      .compose(result -> !DocumentEdits.missing(result) ? Future.succeededFuture(result)
        : restore.reloadDocument(id).compose(v -> documents.submit(id, processor.apply(true)))
          .map(DocumentAnswer::json));
  }

  private Future<Session> readable(Principal principal, String id) {
    if (!SessionPolicy.mayRead(principal)) {
      return Future.failedFuture(new ServiceError(ErrorCode.FORBIDDEN, "reading needs the viewer, user or admin role"));
    }
    return session(id);
  }

  private Future<Session> session(String id) {
    return restore.find(id).compose(s -> s == null
      ? Future.failedFuture(ServiceError.notFound("session"))
      : Future.succeededFuture(s));
  }

  private static String newEpoch() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
