package io.switchboard.protocol.message;

import java.util.HashMap;
import java.util.Map;

/** The value of the {@code type} field, and who may send it. */
public enum MessageType {
  SUBSCRIBE("subscribe", true, false),
  UNSUBSCRIBE("unsubscribe", true, false),
  PUBLISH("publish", true, false),
  RESUME("resume", true, false),
  PING("ping", true, false),
  BATCH("batch", true, true),
  READY("ready", false, true),
  SUBSCRIBED("subscribed", false, true),
  UNSUBSCRIBED("unsubscribed", false, true),
  ACK("ack", false, true),
  DELIVER("deliver", false, true),
  GAP("gap", false, true),
  PONG("pong", false, true),
  ERROR("error", false, true);

  private static final Map<String, MessageType> BY_WIRE = new HashMap<>();

  static {
    for (MessageType t : values()) {
      BY_WIRE.put(t.wire, t);
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

  /** The type with this wire name, or null. */
  public static MessageType ofWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
