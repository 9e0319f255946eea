package io.switchboard.security;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code ratePerSecond}. Thread-safe; cheap enough for
 * the per-request path (no allocation, one lock held for a few arithmetic operations).
 */
public final class TokenBucket {

  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long lastRefill;

  public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = burst;
    this.tokens = burst;
    this.lastRefill = nowNanos;
  }

  /** Takes one token; returns 0 when granted, else the nanoseconds until one is available. */
  public synchronized long tryAcquire(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / ratePerNano);
  }

  /** True when the bucket is full, i.e. forgetting it changes nothing. */
  public synchronized boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastRefill;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
      lastRefill = nowNanos;
    }
  }
}
