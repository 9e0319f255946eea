package io.switchboard.protocol.codec;

import io.switchboard.protocol.Limits;
import io.switchboard.protocol.message.Ack;
import io.switchboard.protocol.message.Batch;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.ErrorMessage;
import io.switchboard.protocol.message.Gap;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Ping;
import io.switchboard.protocol.message.Pong;
import io.switchboard.protocol.message.Position;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.message.Ready;
import io.switchboard.protocol.message.Resume;
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
      case DELIVER -> {
        Deliver d = (Deliver) m;
        o.put("topic", d.topic()).put("epoch", d.epoch()).put("seq", d.seq())
            .put("messageId", d.messageId()).put("publisher", d.publisher()).put("ts", d.ts())
            .put("payload", d.payload());
        if (d.e2e()) {
          o.put("e2e", true);
        }
        if (d.sig() != null) {
          o.put("sig", d.sig());
        }
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
      default -> throw new IllegalStateException("unhandled type " + m.type());
    }
    return o;
  }

  private static JsonObject position(Position p) {
    return new JsonObject().put("epoch", p.epoch()).put("seq", p.seq());
  }

  private static JsonObject limits(Limits l) {
    return new JsonObject().put("maxFrameBytes", l.maxFrameBytes()).put("maxBatch", l.maxBatch())
        .put("maxSubscriptions", l.maxSubscriptions()).put("publishPerSecond", l.publishPerSecond());
  }
}
