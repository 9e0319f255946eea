/**
 * Optional durability in Redis ({@code redis.url}): what must outlive the cluster's memory.
 * <p>
 * {@link io.switchboard.redis.RedisStore} is the node's single door to Redis (client, circuit breaker, bounded
 * write-behind buffer, health); {@link io.switchboard.redis.RedisVerticle} owns its lifecycle. With no URL neither
 * exists and every caller checks {@link io.switchboard.redis.RedisStore#find} for null. What is stored, and what is
 * lost in which failure: docs/durability.md.
 */
package io.switchboard.redis;
