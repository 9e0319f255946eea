package io.switchboard.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bucket on a simulated clock: no sleeping, exact arithmetic. */
class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void burstThenRefillAtRate() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);
    assertEquals(0, bucket.tryAcquire(0));
    assertEquals(0, bucket.tryAcquire(0));
    assertEquals(0, bucket.tryAcquire(0));
    long wait = bucket.tryAcquire(0);
    assertEquals(SECOND / 2, wait, "at 2/s the next token is half a second away");
    assertEquals(0, bucket.tryAcquire(SECOND / 2));
    assertTrue(bucket.tryAcquire(SECOND / 2) > 0);
    assertFalse(bucket.isFull(SECOND));
    assertTrue(bucket.isFull(3 * SECOND), "refill stops at the burst size");
    assertEquals(0, bucket.tryAcquire(100 * SECOND));
    assertEquals(0, bucket.tryAcquire(100 * SECOND));
    assertEquals(0, bucket.tryAcquire(100 * SECOND));
    assertTrue(bucket.tryAcquire(100 * SECOND) > 0, "idle time never banks more than the burst");
  }
}
