package io.switchboard.protocol.codec;

import io.switchboard.protocol.Limits;
import io.switchboard.protocol.message.Ack;
import io.switchboard.protocol.message.Batch;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Edit;
import io.switchboard.protocol.message.EditAck;
import io.switchboard.protocol.message.ErrorMessage;
import io.switchboard.protocol.message.Gap;
import io.switchboard.protocol.message.InboxAck;
import io.switchboard.protocol.message.InboxAcked;
import io.switchboard.protocol.message.InboxEnd;
import io.switchboard.protocol.message.InboxItem;
import io.switchboard.protocol.message.Join;
import io.switchboard.protocol.message.Joined;
import io.switchboard.protocol.message.Leave;
import io.switchboard.protocol.message.Left;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Participant;
import io.switchboard.protocol.message.ParticipantJoined;
import io.switchboard.protocol.message.ParticipantLeft;
import io.switchboard.protocol.message.Ping;
import io.switchboard.protocol.message.Pong;
import io.switchboard.protocol.message.Position;
import io.switchboard.protocol.message.Presence;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.message.Ready;
import io.switchboard.protocol.message.RemoteEdit;
import io.switchboard.protocol.message.RemotePresence;
import io.switchboard.protocol.message.Resume;
import io.switchboard.protocol.message.Selection;
import io.switchboard.protocol.message.Subscribe;
import io.switchboard.protocol.message.Subscribed;
import io.switchboard.protocol.message.Unsubscribe;
import io.switchboard.protocol.message.Unsubscribed;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;

/** Model to JSON tree; the single field mapping both encoders share. {@code type} comes first. */
final class TreeWriter {

  private TreeWriter() {
  }

  static JsonObject write(Message m) {
    JsonObject o = new JsonObject().put("type", m.type().wire());
    switch (m.type()) {
      case SUBSCRIBE -> {
        Subscribe s = (Subscribe) m;
        o.put("id", s.id()).put("topic", s.topic());
        if (s.filter() != null) {
          o.put("filter", s.filter().toJson());
        }
        if (s.resume() != null) {
          o.put("resume", position(s.resume()));
        }
      }
      case UNSUBSCRIBE -> {
        Unsubscribe u = (Unsubscribe) m;
        o.put("id", u.id()).put("topic", u.topic());
      }
      case PUBLISH -> {
        Publish p = (Publish) m;
        o.put("id", p.id()).put("topic", p.topic()).put("payload", p.payload())
            .put("priority", p.priority()).put("ack", p.ack());
        if (p.e2e()) {
          o.put("e2e", true);
        }
        if (!p.mentions().isEmpty()) {
          o.put("mentions", new JsonArray(new ArrayList<>(p.mentions())));
        }
      }
      case RESUME -> {
        Resume r = (Resume) m;
        o.put("topic", r.topic()).put("epoch", r.epoch()).put("seq", r.seq());
      }
      case PING -> o.put("ts", ((Ping) m).ts());
      case BATCH -> {
        JsonArray messages = new JsonArray();
        for (Message inner : ((Batch) m).messages()) {
          messages.add(write(inner));
        }
        o.put("messages", messages);
      }
      case READY -> {
        Ready r = (Ready) m;
        o.put("connectionId", r.connectionId()).put("user", r.user()).put("nodeId", r.nodeId())
            .put("protocol", r.protocol()).put("serverTime", r.serverTime())
            .put("features", new JsonArray(new ArrayList<>(r.features())))
            .put("heartbeatMs", r.heartbeatMs()).put("limits", limits(r.limits()))
            .put("encoding", r.encoding().name().toLowerCase());
      }
      case SUBSCRIBED -> {
        Subscribed s = (Subscribed) m;
        o.put("id", s.id()).put("topic", s.topic());
        if (s.position() != null) {
          o.put("position", position(s.position()));
        }
      }
      case UNSUBSCRIBED -> {
        Unsubscribed u = (Unsubscribed) m;
        o.put("id", u.id()).put("topic", u.topic());
      }
      case ACK -> {
        Ack a = (Ack) m;
        o.put("id", a.id()).put("topic", a.topic()).put("epoch", a.epoch()).put("seq", a.seq())
            .put("duplicate", a.duplicate());
      }
      case DELIVER -> deliver(o, (Deliver) m);
      case INBOX -> {
        InboxItem i = (InboxItem) m;
        deliver(o.put("inboxId", i.inboxId()).put("reason", i.reason()), i.deliver());
      }
      case INBOX_END -> {
        InboxEnd e = (InboxEnd) m;
        o.put("count", e.count()).put("trimmed", e.trimmed());
      }
      case INBOX_ACK -> {
        InboxAck a = (InboxAck) m;
        o.put("id", a.id()).put("upTo", a.upTo());
      }
      case INBOX_ACKED -> {
        InboxAcked a = (InboxAcked) m;
        o.put("id", a.id()).put("upTo", a.upTo()).put("removed", a.removed());
      }
      case GAP -> {
        Gap g = (Gap) m;
        o.put("topic", g.topic()).put("requested", position(g.requested()))
            .put("available", position(g.available())).put("reason", g.reason());
      }
      case PONG -> {
        Pong p = (Pong) m;
        o.put("ts", p.ts()).put("serverTime", p.serverTime());
      }
      case ERROR -> {
        ErrorMessage e = (ErrorMessage) m;
        o.put("code", e.code()).put("message", e.message());
        if (e.ref() != null) {
          o.put("ref", e.ref());
        }
        if (e.field() != null) {
          o.put("field", e.field());
        }
        o.put("retryable", e.retryable());
      }
      case JOIN -> {
        Join j = (Join) m;
        o.put("id", j.id()).put("session", j.session());
        if (j.resume() != null) {
          o.put("resume", new JsonObject().put("epoch", j.resume().epoch()).put("revision", j.resume().revision()));
        }
      }
      case LEAVE -> {
        Leave l = (Leave) m;
        o.put("id", l.id()).put("session", l.session());
      }
      case EDIT -> {
        Edit e = (Edit) m;
        o.put("id", e.id()).put("session", e.session()).put("revision", e.revision()).put("op", e.op().toJson());
        if (e.resent()) {
          o.put("resent", true);
        }
      }
      case PRESENCE -> {
        Presence p = (Presence) m;
        o.put("session", p.session()).put("cursor", p.cursor());
        if (p.selection() != null) {
          o.put("selection", selection(p.selection()));
        }
      }
      case JOINED -> {
        Joined j = (Joined) m;
        JsonArray participants = new JsonArray(new ArrayList<>(j.participants().size()));
        for (Participant p : j.participants()) {
          participants.add(new JsonObject().put("user", p.user()).put("connectionId", p.connectionId()));
        }
        o.put("id", j.id()).put("session", j.session());
        if (j.epoch() != null) {
          o.put("epoch", j.epoch());
        }
        if (j.resumed()) {
          o.put("resumed", true);
        } else {
          o.put("text", j.text());
        }
        o.put("revision", j.revision()).put("participants", participants);
      }
      case LEFT -> {
        Left l = (Left) m;
        o.put("id", l.id()).put("session", l.session());
      }
      case EDIT_ACK -> {
        EditAck a = (EditAck) m;
        o.put("id", a.id()).put("session", a.session()).put("revision", a.revision());
      }
      case REMOTE_EDIT -> {
        RemoteEdit r = (RemoteEdit) m;
        o.put("session", r.session()).put("revision", r.revision()).put("op", r.op().toJson())
            .put("author", r.author());
        if (r.clientEditId() != null) {
          o.put("clientEditId", r.clientEditId());
        }
      }
      case REMOTE_PRESENCE -> {
        RemotePresence p = (RemotePresence) m;
        o.put("session", p.session()).put("user", p.user()).put("connectionId", p.connectionId())
            .put("cursor", p.cursor());
        if (p.selection() != null) {
          o.put("selection", selection(p.selection()));
        }
      }
      case PARTICIPANT_JOINED -> {
        ParticipantJoined p = (ParticipantJoined) m;
        o.put("session", p.session()).put("user", p.user()).put("connectionId", p.connectionId());
      }
      case PARTICIPANT_LEFT -> {
        ParticipantLeft p = (ParticipantLeft) m;
        o.put("session", p.session()).put("user", p.user()).put("connectionId", p.connectionId());
      }
      default -> throw new IllegalStateException("unhandled type " + m.type());
    }
    return o;
  }

  private static void deliver(JsonObject o, Deliver d) {
    o.put("topic", d.topic()).put("epoch", d.epoch()).put("seq", d.seq())
        .put("messageId", d.messageId()).put("publisher", d.publisher()).put("ts", d.ts())
        .put("payload", d.payload());
    if (d.e2e()) {
      o.put("e2e", true);
    }
    if (d.origin() != null) {
      o.put("origin", d.origin());
    }
    if (d.sig() != null) {
      o.put("sig", d.sig());
    }
  }

  private static JsonObject position(Position p) {
    return new JsonObject().put("epoch", p.epoch()).put("seq", p.seq());
  }

  private static JsonObject selection(Selection s) {
    return new JsonObject().put("start", s.start()).put("end", s.end());
  }

  private static JsonObject limits(Limits l) {
    return new JsonObject().put("maxFrameBytes", l.maxFrameBytes()).put("maxBatch", l.maxBatch())
        .put("maxSubscriptions", l.maxSubscriptions()).put("publishPerSecond", l.publishPerSecond());
  }
}
