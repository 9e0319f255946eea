-- Puts one message in a user's offline inbox, then trims it (io.switchboard.inbox.Inbox; docs/durability.md).
-- KEYS[1] index: sorted set, every score 0, so members (inbox ids, which start with the zero-padded time) sort
--         by id, i.e. in inbox order
-- KEYS[2] items: hash inbox id -> the inbox message as MsgPack, plus '#trimmed' (count dropped since the last ack)
-- ARGV: inbox id, frame, max messages, the oldest id still kept (ids below it are too old), time to live (ms)
-- Returns how many messages this call trimmed. Idempotent for a resent write: an id already there is left alone.
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
  redis.call('ZADD', KEYS[1], 0, ARGV[1])
end
local victims = redis.call('ZRANGEBYLEX', KEYS[1], '-', '(' .. ARGV[4])
local excess = redis.call('ZCARD', KEYS[1]) - #victims - tonumber(ARGV[3])
if excess > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], #victims, #victims + excess - 1)
  for _, id in ipairs(oldest) do
    victims[#victims + 1] = id
  end
end
if #victims > 0 then
  redis.call('ZREM', KEYS[1], unpack(victims))
  redis.call('HDEL', KEYS[2], unpack(victims))
  redis.call('HINCRBY', KEYS[2], '#trimmed', #victims)
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return #victims
