package io.switchboard.protocol.message;

import java.util.HashMap;
import java.util.Map;

/**
 * The value of the {@code type} field, and who may send it.
 *
 * <p>A wire name is unique per direction, not overall: {@code presence} is {@link #PRESENCE} when
 * a client sends it (its own cursor) and {@link #REMOTE_PRESENCE} when the server sends it
 * (someone's cursor, with {@code user} and {@code connectionId}). Look types up with
 * {@link #fromClient(String)} / {@link #fromServer(String)}.
 */
public enum MessageType {
  SUBSCRIBE("subscribe", true, false),
  UNSUBSCRIBE("unsubscribe", true, false),
  PUBLISH("publish", true, false),
  RESUME("resume", true, false),
  PING("ping", true, false),
  JOIN("join", true, false),
  LEAVE("leave", true, false),
  EDIT("edit", true, false),
  PRESENCE("presence", true, false),
  INBOX_ACK("inbox_ack", true, false),
  BATCH("batch", true, true),
  READY("ready", false, true),
  SUBSCRIBED("subscribed", false, true),
  UNSUBSCRIBED("unsubscribed", false, true),
  ACK("ack", false, true),
  DELIVER("deliver", false, true),
  GAP("gap", false, true),
  PONG("pong", false, true),
  ERROR("error", false, true),
  JOINED("joined", false, true),
  LEFT("left", false, true),
  EDIT_ACK("edit_ack", false, true),
  REMOTE_EDIT("remote_edit", false, true),
  REMOTE_PRESENCE("presence", false, true),
  PARTICIPANT_JOINED("participant_joined", false, true),
  PARTICIPANT_LEFT("participant_left", false, true),
  INBOX("inbox", false, true),
  INBOX_END("inbox_end", false, true),
  INBOX_ACKED("inbox_acked", false, true);

  private static final Map<String, MessageType> FROM_CLIENT = new HashMap<>();
  private static final Map<String, MessageType> FROM_SERVER = new HashMap<>();

  static {
    for (MessageType t : values()) {
      if (t.fromClient && FROM_CLIENT.put(t.wire, t) != null) {
        throw new ExceptionInInitializerError("two client types named " + t.wire);
      }
      if (t.fromServer && FROM_SERVER.put(t.wire, t) != null) {
        throw new ExceptionInInitializerError("two server types named " + t.wire);
      }
    }
  }

  private final String wire;
  private final boolean fromClient;
  private final boolean fromServer;

  MessageType(String wire, boolean fromClient, boolean fromServer) {
    this.wire = wire;
    this.fromClient = fromClient;
    this.fromServer = fromServer;
  }

  public String wire() {
    return wire;
  }

  public boolean fromClient() {
    return fromClient;
  }

  public boolean fromServer() {
    return fromServer;
  }

  /** The type a client sends under this wire name, or null. */
  public static MessageType fromClient(String wire) {
    return FROM_CLIENT.get(wire);
  }

  /** The type the server sends under this wire name, or null. */
  public static MessageType fromServer(String wire) {
    return FROM_SERVER.get(wire);
  }

  /**
   * A type with this wire name, or null. For a name both sides use with different fields
   * ({@code presence}) this is the client's type; use {@link #fromClient(String)} /
   * {@link #fromServer(String)} when the direction is known.
   */
  public static MessageType ofWire(String wire) {
    MessageType t = FROM_CLIENT.get(wire);
    return t != null ? t : FROM_SERVER.get(wire);
  }
}
