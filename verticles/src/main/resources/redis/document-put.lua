-- Stores a document snapshot. Never regresses: within one epoch a revision not newer than the stored one is
-- ignored (a late or repeated write); a different epoch replaces (the document was rebuilt after being lost).
-- Nothing is written for a deleted session. The snapshot expires with its session (the session hash's expiresAt
-- when it is stored, else the caller's).
-- KEYS: 1 document hash, 2 session hash
-- ARGV: 1 epoch, 2 revision, 3 snapshot JSON, 4 expiresAt (epoch ms)
local session = redis.call('HMGET', KEYS[2], 'deleted', 'expiresAt')
if session[1] == '1' then
  return 0
end
local cur = redis.call('HMGET', KEYS[1], 'epoch', 'revision')
if cur[1] == ARGV[1] and tonumber(cur[2]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'revision', ARGV[2], 'json', ARGV[3])
redis.call('PEXPIREAT', KEYS[1], session[2] or ARGV[4])
return 1
