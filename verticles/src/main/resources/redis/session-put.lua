-- Stores a session (write-behind, so it may arrive late, twice, or after a newer write from another node).
-- KEYS: 1 session hash, 2 its document hash, 3 the index (sorted set: id scored by expiresAt)
-- ARGV: 1 id, 2 version, 3 expiresAt (epoch ms), 4 stored JSON, 5 now (epoch ms)
-- Never regresses: a write whose version is not newer than the stored one is ignored, and so is any write over a
-- tombstone (the session was deleted). Redis expires the keys when the session does.
local cur = redis.call('HMGET', KEYS[1], 'version', 'deleted')
if cur[2] == '1' then
  return 0
end
if cur[1] and tonumber(cur[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'expiresAt', ARGV[3], 'json', ARGV[4], 'deleted', '0')
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('PEXPIREAT', KEYS[2], ARGV[3])
end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[5])
return 1
