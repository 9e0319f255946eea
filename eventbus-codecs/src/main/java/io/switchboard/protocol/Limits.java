package io.switchboard.protocol;

/**
 * Per-connection limits. The decoders enforce {@code maxFrameBytes} and {@code maxBatch}; the
 * other two are server policy, announced to the client in {@code ready}.
 *
 * @param maxFrameBytes largest accepted frame, in bytes (encoded size)
 * @param maxBatch largest number of messages in one {@code batch}
 * @param maxSubscriptions subscriptions one connection may hold (enforced by the gateway)
 * @param publishPerSecond sustained publish rate per connection (enforced by the gateway)
 */
public record Limits(int maxFrameBytes, int maxBatch, int maxSubscriptions, int publishPerSecond) {

  /** Defaults used when the server configures nothing. */
  public static final Limits DEFAULTS = new Limits(65_536, 100, 1_000, 100);

  public Limits {
    positive("maxFrameBytes", maxFrameBytes);
    positive("maxBatch", maxBatch);
    positive("maxSubscriptions", maxSubscriptions);
    positive("publishPerSecond", publishPerSecond);
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw ProtocolException.invalid("limits." + field, "must be positive, was " + value);
    }
  }
}
