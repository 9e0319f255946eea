package io.switchboard.redis;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisOptions;

/**
 * Where Redis is and how hard to try: the connection, the circuit breaker around every call, and the bounds of the
 * write-behind buffer that holds writes while Redis is unreachable. Keys in docs/configuration.md.
 *
 * @param url             {@code redis://[:password@]host:port[/db]}; empty: no Redis, the node keeps everything in
 *                        memory only (as without this feature)
 * @param keyPrefix       put before every key, so that several deployments can share one Redis
 * @param timeoutMs       a call (one command, or one batch of buffered writes) that takes longer counts as failed
 * @param maxPoolSize     connections to Redis per node
 * @param maxFailures     consecutive failures that open the breaker
 * @param resetTimeoutMs  how long the breaker stays open before one probe call is let through
 * @param bufferMaxWrites writes kept while Redis is unreachable; more are dropped (counted and logged)
 * @param bufferMaxBytes  the same bound in (estimated) bytes
 */
public record RedisSettings(String url, String keyPrefix, long timeoutMs, int maxPoolSize, int maxFailures,
                            long resetTimeoutMs, int bufferMaxWrites, long bufferMaxBytes) {

  public static final String URL = "redis.url";
  public static final String KEY_PREFIX = "redis.key-prefix";
  public static final String TIMEOUT_MS = "redis.timeout-ms";
  public static final String MAX_POOL_SIZE = "redis.max-pool-size";
  public static final String BREAKER_MAX_FAILURES = "redis.breaker.max-failures";
  public static final String BREAKER_RESET_TIMEOUT_MS = "redis.breaker.reset-timeout-ms";
  public static final String BUFFER_MAX_WRITES = "redis.buffer.max-writes";
  public static final String BUFFER_MAX_BYTES = "redis.buffer.max-bytes";

  public RedisSettings {
    if (timeoutMs < 1 || maxPoolSize < 1 || maxFailures < 1 || resetTimeoutMs < 1 || bufferMaxWrites < 1
      || bufferMaxBytes < 1) {
      throw new IllegalArgumentException("redis.timeout-ms, redis.max-pool-size, redis.breaker.* and redis.buffer.* "
        + "must be positive");
    }
  }

  /** Whether a Redis URL is configured (environment: {@code SWITCHBOARD_REDIS_URL}). */
  public static boolean configured(JsonObject config) {
    return !config.getString(URL, "").isBlank();
  }

  public static RedisSettings from(JsonObject config) {
    return new RedisSettings(config.getString(URL, "").trim(), config.getString(KEY_PREFIX, "switchboard:"),
      config.getLong(TIMEOUT_MS, 2000L), config.getInteger(MAX_POOL_SIZE, 6), config.getInteger(BREAKER_MAX_FAILURES, 3),
      config.getLong(BREAKER_RESET_TIMEOUT_MS, 2000L), config.getInteger(BUFFER_MAX_WRITES, 100_000),
      config.getLong(BUFFER_MAX_BYTES, 64L << 20));
  }

  public RedisOptions options() {
    RedisOptions options = new RedisOptions()
      .setConnectionString(url)
      .setMaxPoolSize(maxPoolSize)
      // Callers waiting for a pooled connection: writes are batched by the buffer, so this only bounds reads.
      .setMaxPoolWaiting(1024)
      .setMaxWaitingHandlers(4096);
    options.getNetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)).setTcpNoDelay(true);
    return options;
  }

  /** The URL without its password, for logs and health. */
  public String endpoint() {
    return url.replaceFirst("//[^@/]*@", "//***@");
  }
}
