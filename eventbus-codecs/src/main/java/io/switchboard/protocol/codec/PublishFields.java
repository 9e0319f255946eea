package io.switchboard.protocol.codec;

import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.message.Publish;

/**
 * The fields of a {@code publish} frame as a fast-path reader meets them ({@link JsonPublishReader},
 * {@link MsgPackFrameReader#tryReadPublish}): each may come once, in any order. A setter answers false for a field
 * seen before (or a type other than {@code publish}), and the reader then leaves the frame to the general path; the
 * readers check each value's own type, this holds the rules they share.
 */
final class PublishFields {

  private boolean typed;
  private boolean hasPayload;
  private String id;
  private String topic;
  private Object payload;
  private Integer priority;
  private Boolean ack;
  private Boolean e2e;

  boolean type(String wire) {
    if (typed || !"publish".equals(wire)) {
      return false;
    }
    typed = true;
    return true;
  }

  boolean id(String value) {
    if (id != null) {
      return false;
    }
    id = value;
    return true;
  }

  boolean topic(String value) {
    if (topic != null) {
      return false;
    }
    topic = value;
    return true;
  }

  /** Whether the payload was met already: a reader asks before reading the value (it may be deep). */
  boolean hasPayload() {
    return hasPayload;
  }

  void payload(Object value) {
    hasPayload = true;
    payload = value;
  }

  boolean priority(int value) {
    if (priority != null) {
      return false;
    }
    priority = value;
    return true;
  }

  boolean ack(boolean value) {
    if (ack != null) {
      return false;
    }
    ack = value;
    return true;
  }

  boolean e2e(boolean value) {
    if (e2e != null) {
      return false;
    }
    e2e = value;
    return true;
  }

  /** The publish, or null if a required field is missing; {@link Publish} throws for a frame it refuses. */
  Publish publish() {
    if (!typed || id == null || topic == null || !hasPayload) {
      return null;
    }
    return new Publish(id, topic, payload, priority == null ? Protocol.DEFAULT_PRIORITY : priority, ack != null && ack,
        e2e != null && e2e);
  }
}
