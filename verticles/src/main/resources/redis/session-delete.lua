-- Deletes a session and its document, leaving a small tombstone so that a late write (still in some node's
-- buffer) cannot bring either back. Idempotent.
-- KEYS: 1 session hash, 2 its document hash, 3 the index
-- ARGV: 1 id, 2 tombstone expiry (epoch ms)
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[1], 'deleted', '1')
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
