package io.switchboard.protocol.codec;

import io.switchboard.ot.OperationException;
import io.switchboard.ot.TextOperation;
import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Limits;
import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.filter.Filter;
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
import io.switchboard.protocol.message.DocumentPosition;
import io.switchboard.protocol.message.Join;
import io.switchboard.protocol.message.Joined;
import io.switchboard.protocol.message.Leave;
import io.switchboard.protocol.message.Left;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.MessageType;
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
import java.util.List;
import java.util.function.Function;

/**
 * JSON tree to model, with the protocol's validation. The message {@code id} is read first so
 * that any later error can refer to it.
 */
final class TreeReader {

  /** Which side sent the frame, i.e. which types are acceptable. */
  enum Sender {
    CLIENT, SERVER, ANY
  }

  private final Sender sender;
  private final Limits limits;

  TreeReader(Sender sender, Limits limits) {
    this.sender = sender;
    this.limits = limits;
  }

  Message read(JsonObject tree) {
    String ref = tree.getValue("id") instanceof String s ? s : null;
    try {
      return readTyped(tree, true);
    } catch (ProtocolException e) {
      throw e.withRef(ref);
    }
  }

  private Message readTyped(JsonObject tree, boolean batchAllowed) {
    Fields f = new Fields(tree);
    String wire = f.string("type");
    MessageType type = typeOf(wire, tree);
    if (type == null) {
      boolean otherSide = MessageType.ofWire(wire) != null;
      throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type",
          "unknown message type '" + wire + "'" + (otherSide ? " from a " + sender.name().toLowerCase() : ""));
    }
    return switch (type) {
      case SUBSCRIBE -> new Subscribe(f.string("id"), f.string("topic"), filter(tree), optPosition(f, "resume"));
      case UNSUBSCRIBE -> new Unsubscribe(f.string("id"), f.string("topic"));
      case PUBLISH -> new Publish(f.string("id"), f.string("topic"), f.anyValue("payload"),
          f.optSmallInteger("priority", Protocol.DEFAULT_PRIORITY), f.optBoolean("ack", false),
          f.optBoolean("e2e", false), optStrings(f, "mentions"));
      case RESUME -> new Resume(f.string("topic"), f.string("epoch"), f.integer("seq"));
      case PING -> new Ping(f.integer("ts"));
      case JOIN -> new Join(f.string("id"), f.string("session"), optDocumentPosition(f, "resume"));
      case LEAVE -> new Leave(f.string("id"), f.string("session"));
      case EDIT -> new Edit(f.string("id"), f.string("session"), f.integer("revision"), operation(f, "op"),
          f.optBoolean("resent", false));
      case PRESENCE -> new Presence(f.string("session"), f.smallInteger("cursor"), optSelection(f, "selection"));
      case BATCH -> batch(f, batchAllowed);
      case READY -> new Ready(f.string("connectionId"), f.string("user"), f.string("nodeId"),
          f.smallInteger("protocol"), f.integer("serverTime"), strings(f, "features"),
          f.integer("heartbeatMs"), limits(f), encoding(f));
      case SUBSCRIBED -> new Subscribed(f.string("id"), f.string("topic"), optPosition(f, "position"));
      case UNSUBSCRIBED -> new Unsubscribed(f.string("id"), f.string("topic"));
      case ACK -> new Ack(f.string("id"), f.string("topic"), f.string("epoch"), f.integer("seq"),
          f.optBoolean("duplicate", false));
      case DELIVER -> deliver(f);
      case GAP -> new Gap(f.string("topic"), position(f, "requested"), position(f, "available"),
          f.string("reason"));
      case PONG -> new Pong(f.integer("ts"), f.integer("serverTime"));
      case ERROR -> new ErrorMessage(f.string("code"), f.string("message"), f.optString("ref"),
          f.optString("field"), f.optBoolean("retryable", false));
      case JOINED -> joined(f);
      case LEFT -> new Left(f.string("id"), f.string("session"));
      case EDIT_ACK -> new EditAck(f.string("id"), f.string("session"), f.integer("revision"));
      case REMOTE_EDIT -> new RemoteEdit(f.string("session"), f.integer("revision"), operation(f, "op"),
          f.string("author"), f.optString("clientEditId"));
      case REMOTE_PRESENCE -> new RemotePresence(f.string("session"), f.string("user"), f.string("connectionId"),
          f.smallInteger("cursor"), optSelection(f, "selection"));
      case PARTICIPANT_JOINED -> new ParticipantJoined(f.string("session"), f.string("user"), f.string("connectionId"));
      case PARTICIPANT_LEFT -> new ParticipantLeft(f.string("session"), f.string("user"), f.string("connectionId"));
      case INBOX_ACK -> new InboxAck(f.string("id"), f.string("upTo"));
      case INBOX -> new InboxItem(f.string("inboxId"), f.string("reason"), deliver(f));
      case INBOX_END -> new InboxEnd(f.integer("count"), f.integer("trimmed"));
      case INBOX_ACKED -> new InboxAcked(f.string("id"), f.string("upTo"), f.integer("removed"));
    };
  }

  /**
   * The type this sender may send under {@code wire}, or null. Where both sides use the name with
   * different fields ({@code presence}) and the sender is not known, the frame's fields decide:
   * a frame with {@code user} or {@code connectionId} is the server's form.
   */
  private MessageType typeOf(String wire, JsonObject tree) {
    return switch (sender) {
      case CLIENT -> MessageType.fromClient(wire);
      case SERVER -> MessageType.fromServer(wire);
      case ANY -> {
        MessageType client = MessageType.fromClient(wire);
        MessageType server = MessageType.fromServer(wire);
        if (client == null || server == null || client == server) {
          yield client != null ? client : server;
        }
        yield tree.getValue("user") != null || tree.getValue("connectionId") != null ? server : client;
      }
    };
  }

  private Batch batch(Fields f, boolean batchAllowed) {
    if (!batchAllowed) {
      throw ProtocolException.invalid("type", "a batch must not contain a batch");
    }
    JsonArray array = f.array("messages");
    if (array.size() > limits.maxBatch()) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, "messages",
          "batch of " + array.size() + " messages exceeds the limit of " + limits.maxBatch());
    }
    List<Message> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = "messages[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject inner)) {
        throw ProtocolException.invalid(at, "must be a message object");
      }
      try {
        messages.add(readTyped(inner, false));
      } catch (ProtocolException e) {
        throw e.within(at, inner.getValue("id") instanceof String s ? s : null);
      }
    }
    return new Batch(messages);
  }

  private static Filter filter(JsonObject tree) {
    Object json = tree.getValue("filter");
    return json == null ? null : Filter.parse(json, "filter");
  }

  private static Position position(Fields f, String name) {
    return nested(f, name, p -> new Position(p.string("epoch"), p.integer("seq")));
  }

  private static DocumentPosition optDocumentPosition(Fields f, String name) {
    return f.optObject(name) == null ? null
        : nested(f, name, p -> new DocumentPosition(p.string("epoch"), p.integer("revision")));
  }

  /** Reads the object {@code name} with {@code read}; an error a constructor gives for a bare field says where. */
  private static <T> T nested(Fields f, String name, Function<Fields, T> read) {
    Fields inner = f.nested(name, f.object(name));
    try {
      return read.apply(inner);
    } catch (ProtocolException e) {
      // constructor checks name the bare field ("seq"); say where it is
      throw e.field() != null && !e.field().contains(".") ? e.within(name, null) : e;
    }
  }

  private static Joined joined(Fields f) {
    boolean resumed = f.optBoolean("resumed", false);
    return new Joined(f.string("id"), f.string("session"), f.optString("epoch"),
        resumed ? null : f.string("text"), f.integer("revision"), participants(f, "participants"), resumed);
  }

  private static Position optPosition(Fields f, String name) {
    return f.optObject(name) == null ? null : position(f, name);
  }

  /**
   * An ot.js operation array. Malformed components are {@code invalid_field} at {@code op[i]};
   * more than {@link Edit#MAX_OP_COMPONENTS} elements is {@code too_large}. Whether the operation
   * fits the document (and the server's size limits) is checked when it is applied.
   */
  private static TextOperation operation(Fields f, String name) {
    JsonArray array = f.array(name);
    if (array.size() > Edit.MAX_OP_COMPONENTS) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, name,
          "operation of " + array.size() + " components exceeds the limit of " + Edit.MAX_OP_COMPONENTS);
    }
    if (array.isEmpty()) {
      throw ProtocolException.invalid(name, "must not be empty");
    }
    try {
      return TextOperation.fromJson(array);
    } catch (OperationException e) {
      String at = e.index() >= 0 && e.index() < array.size() ? name + "[" + e.index() + "]" : name;
      throw ProtocolException.invalid(at, e.getMessage());
    }
  }

  private static Selection optSelection(Fields f, String name) {
    return f.optObject(name) == null ? null
        : nested(f, name, s -> new Selection(s.smallInteger("start"), s.smallInteger("end")));
  }


  private static List<Participant> participants(Fields f, String name) {
    JsonArray array = f.array(name);
    List<Participant> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = name + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject o)) {
        throw ProtocolException.invalid(at, "must be an object");
      }
      Fields p = f.nested(at, o);
      try {
        out.add(new Participant(p.string("user"), p.string("connectionId")));
      } catch (ProtocolException e) {
        throw e.field() != null && !e.field().contains(".") ? e.within(at, null) : e;
      }
    }
    return out;
  }

  /** The fields of a {@code deliver}, also carried by an {@code inbox} message. */
  private static Deliver deliver(Fields f) {
    return new Deliver(f.string("topic"), f.string("epoch"), f.integer("seq"), f.string("messageId"),
        f.string("publisher"), f.integer("ts"), f.anyValue("payload"), f.optBoolean("e2e", false), f.optString("sig"),
        f.optString("origin"));
  }

  private static List<String> optStrings(Fields f, String name) {
    return f.optArray(name) == null ? List.of() : strings(f, name);
  }

  private static List<String> strings(Fields f, String name) {
    JsonArray array = f.array(name);
    List<String> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s)) {
        throw ProtocolException.invalid(name + "[" + i + "]", "must be a string");
      }
      out.add(s);
    }
    return out;
  }

  private static Limits limits(Fields f) {
    Fields l = f.nested("limits", f.object("limits"));
    return new Limits(l.smallInteger("maxFrameBytes"), l.smallInteger("maxBatch"),
        l.smallInteger("maxSubscriptions"), l.smallInteger("publishPerSecond"));
  }

  private static Encoding encoding(Fields f) {
    String wire = f.string("encoding");
    for (Encoding e : Encoding.values()) {
      if (e.name().toLowerCase().equals(wire)) {
        return e;
      }
    }
    throw ProtocolException.invalid("encoding", "must be json or msgpack");
  }
}
