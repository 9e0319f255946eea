package io.switchboard.security;

import io.vertx.core.Vertx;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a principal, an address). Memory stays bounded: a periodic sweep forgets full buckets,
 * which is exact (a new bucket starts full), and past {@code maxKeys} new keys share one overflow bucket rather
 * than growing the map.
 */
public final class RateLimiter {

  private static final String OVERFLOW_KEY = "\u0000overflow";

  private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final double ratePerSecond;
  private final double burst;
  private final int maxKeys;
  private final Vertx vertx;
  private final long sweepTimer;

  public RateLimiter(Vertx vertx, double ratePerSecond, double burst, int maxKeys) {
    this.vertx = vertx;
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.maxKeys = maxKeys;
    this.sweepTimer = vertx.setPeriodic(10_000, id -> sweep());
  }

  /** Returns 0 when the request may proceed, else the nanoseconds to wait before retrying. */
  public long acquire(String key) {
    long now = System.nanoTime();
    TokenBucket bucket = buckets.get(key);
    if (bucket == null) {
      String k = buckets.size() >= maxKeys ? OVERFLOW_KEY : key;
      bucket = buckets.computeIfAbsent(k, x -> new TokenBucket(ratePerSecond, burst, now));
    }
    return bucket.tryAcquire(now);
  }

  /** A wait from {@link #acquire} in whole seconds, rounded up, at least 1: for {@code Retry-After}. */
  public static long retryAfterSeconds(long waitNanos) {
    return Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
  }

  /** A wait from {@link #acquire} in milliseconds, at least 1: for messages that say when to retry. */
  public static long retryAfterMillis(long waitNanos) {
    return Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(waitNanos));
  }

  public int size() {
    return buckets.size();
  }

  void sweep() {
    long now = System.nanoTime();
    buckets.entrySet().removeIf(e -> e.getValue().isFull(now));
  }

  public void close() {
    vertx.cancelTimer(sweepTimer);
  }
}
