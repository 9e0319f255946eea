package io.switchboard.ws;

import io.switchboard.protocol.message.Participant;
import io.switchboard.security.Principal;
import io.switchboard.session.EditFanout;
import io.switchboard.session.SessionApi;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collaborative sessions on one WsVerticle instance. Applied edits come from the session service once per node
 * ({@link EditFanout}: the clustered address {@link SessionApi#EDITS} in a cluster, a task on this instance's loop
 * on a standalone node, only for sessions with a participant here); a {@link Reorderer} puts each session's edits in revision order (recovering missing
 * ones from the document's history) before they reach the local participants: the author as {@code edit_ack},
 * everyone else as {@code remote_edit}. Presence and join/leave notices travel on {@link #PRESENCE}, unordered.
 * Who is in a session, cluster-wide, is read from {@link ParticipantRegistry}.
 */
final class SessionFanout {

  /** Clustered: {@code {session, kind: joined|left|presence, user, connectionId, cursor?, selection?}}. */
  static final String PRESENCE = "switchboard.sessions.presence";

  /** The gateway reads document history with full rights: it only forwards it to participants already admitted. */
  private static final Principal GATEWAY = new Principal("switchboard-gateway", Set.of(Principal.ROLE_ADMIN));

  private final Gateway gateway;
  /** Sessions with a participant here: concurrent, because the edit fan-out asks from the publisher's thread. */
  private final Map<String, Map<Connection, Participation>> participants = new ConcurrentHashMap<>();
  private final Reorderer<JsonObject> order;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private Runnable editsRegistration;

  SessionFanout(Gateway gateway) {
    this.gateway = gateway;
    this.order = new Reorderer<>(gateway.vertx, gateway.settings.reorderWaitMs(), new Reorderer.Stream<>() {
      @Override
      public String epoch(JsonObject event) {
        return event.getString("epoch");
      }

      @Override
      public long number(JsonObject event) {
        return event.getLong("revision");
      }

      @Override
      public void dispatch(String session, JsonObject event) {
        Map<Connection, Participation> local = participants.get(session);
        if (local != null) {
          SharedFrame remote = Connection.remoteEdit(session, event); // built and encoded once for all of them
          for (Map.Entry<Connection, Participation> e : new ArrayList<>(local.entrySet())) {
            e.getKey().edited(e.getValue(), event, remote);
          }
        }
      }

      @Override
      public Future<List<JsonObject>> missing(String session, String epoch, long from, int count) {
        return gateway.documents.documentHistory(GATEWAY, session, from, count, null)
          .map(page -> page.getJsonArray("edits", new JsonArray()).stream().map(JsonObject.class::cast).toList());
      }

      @Override
      public boolean expectsSeed(String session) {
        return true; // every local participant seeds it when joining
      }
    });
  }

  void start() {
    editsRegistration = gateway.documents.edits().listen(new EditFanout.Listener() {
      @Override
      public boolean mayWant(String session) {
        return participants.containsKey(session);
      }

      @Override
      public void edited(JsonObject event) {
        accept(event);
      }
    });
    consumers.add(gateway.vertx.eventBus().<JsonObject>consumer(PRESENCE, m -> presence(m.body())));
  }

  /** An applied edit, from the bus or from the editing connection's own reply: each is dispatched once. */
  void accept(JsonObject event) {
    if (participants.containsKey(event.getString("session"))) {
      order.accept(event.getString("session"), event);
    }
  }

  /** Registers a joining connection: edits are held for it until {@link #joined}. */
  Participation join(Connection c, String session) {
    Participation p = new Participation(session);
    participants.computeIfAbsent(session, s -> new HashMap<>()).put(c, p);
    return p;
  }

  /**
   * The join read the document at ({@code epoch}, {@code current}): the participant holds revision {@code from}
   * ({@code current}, or the earlier revision a resuming client holds, with the edits since in {@code missed}).
   * Delivers the missed edits, then what came after, and holds nothing more.
   */
  void joined(Connection c, Participation p, String epoch, long current, long from, List<JsonObject> missed) {
    order.seed(p.session, epoch, current);
    List<JsonObject> held = p.joined(epoch, from);
    for (JsonObject edit : missed) {
      c.edited(p, edit);
    }
    for (JsonObject edit : held) {
      c.edited(p, edit);
    }
  }

  void leave(Connection c, Participation p) {
    Map<Connection, Participation> local = participants.get(p.session);
    if (local != null) {
      local.remove(c);
      if (local.isEmpty()) {
        participants.remove(p.session);
        order.forget(p.session);
      }
    }
  }

  /** Tells every node's participants of {@code session} (but {@code c}) about a join, leave or cursor move. */
  void announce(Connection c, String session, String kind, JsonObject extra) {
    JsonObject notice = new JsonObject().put("session", session).put("kind", kind)
      .put("user", c.principal.subject()).put("connectionId", c.id);
    if (extra != null) {
      notice.mergeIn(extra);
    }
    gateway.vertx.eventBus().publish(PRESENCE, notice);
  }

  private void presence(JsonObject notice) {
    Map<Connection, Participation> local = participants.get(notice.getString("session"));
    if (local != null) {
      for (Connection c : new ArrayList<>(local.keySet())) {
        if (!c.id.equals(notice.getString("connectionId"))) {
          c.noticed(notice);
        }
      }
    }
  }

  static List<Participant> participantsOf(JsonArray registryEntries) {
    return registryEntries.stream().map(JsonObject.class::cast)
      .map(e -> new Participant(e.getString("user"), e.getString("connectionId"))).toList();
  }

  void stop() {
    consumers.forEach(MessageConsumer::unregister);
    if (editsRegistration != null) {
      editsRegistration.run();
    }
    order.stop();
  }
}
