package io.switchboard.protocol.message;

import io.switchboard.protocol.topic.Topics;

/**
 * A published message delivered to a subscriber. Built once per publish and shared by every
 * subscriber (see {@link io.switchboard.protocol.codec.Envelope}).
 *
 * @param messageId server-assigned unique id of the publish
 * @param publisher the authenticated user that published
 * @param ts server time of acceptance, epoch milliseconds
 * @param e2e the payload is end-to-end-encrypted ciphertext (a string)
 * @param sig HMAC-SHA256 of the canonical form (lowercase hex), null when the server does not sign
 * @param origin the deployment the message was published in, when it reached this one through federation
 *               (docs/federation.md); null for a message published in this deployment. Not covered by {@code sig}.
 */
public record Deliver(String topic, String epoch, long seq, String messageId, String publisher, long ts,
                      Object payload, boolean e2e, String sig, String origin) implements ServerMessage {

  public Deliver {
    Topics.requireTopic("topic", Check.present("topic", topic));
    Check.text("epoch", epoch, Position.MAX_EPOCH_LENGTH);
    Check.seq("seq", seq);
    Check.id("messageId", messageId);
    Check.text("publisher", publisher, 256);
    Check.e2ePayload(e2e, payload);
    if (sig != null) {
      Check.text("sig", sig, 128);
    }
    if (origin != null) {
      Check.id("origin", origin);
    }
  }

  /** A message published in this deployment (no {@code origin}). */
  public Deliver(String topic, String epoch, long seq, String messageId, String publisher, long ts, Object payload,
                 boolean e2e, String sig) {
    this(topic, epoch, seq, messageId, publisher, ts, payload, e2e, sig, null);
  }

  /** An unsigned, non-e2e delivery. */
  public Deliver(String topic, String epoch, long seq, String messageId, String publisher, long ts, Object payload) {
    this(topic, epoch, seq, messageId, publisher, ts, payload, false, null);
  }

  public Position position() {
    return new Position(epoch, seq);
  }

  /** Same delivery carrying the given signature. */
  public Deliver withSig(String signature) {
    return new Deliver(topic, epoch, seq, messageId, publisher, ts, payload, e2e, signature, origin);
  }

  /** Same delivery marked as coming from deployment {@code deployment} (null: published here). */
  public Deliver withOrigin(String deployment) {
    return new Deliver(topic, epoch, seq, messageId, publisher, ts, payload, e2e, sig, deployment);
  }

  @Override
  public MessageType type() {
    return MessageType.DELIVER;
  }
}
