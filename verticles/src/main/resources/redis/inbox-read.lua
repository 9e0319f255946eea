-- Reads a user's offline inbox in order, first dropping the messages that became too old.
-- KEYS as inbox-append.lua. ARGV: the oldest id still kept, max messages to return.
-- Returns {trimmed since the last ack, trimmed by this call, id1, frame1, id2, frame2, ...}.
local old = redis.call('ZRANGEBYLEX', KEYS[1], '-', '(' .. ARGV[1])
if #old > 0 then
  redis.call('ZREM', KEYS[1], unpack(old))
  redis.call('HDEL', KEYS[2], unpack(old))
  redis.call('HINCRBY', KEYS[2], '#trimmed', #old)
end
local out = { tonumber(redis.call('HGET', KEYS[2], '#trimmed') or '0'), #old }
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)) do
  local frame = redis.call('HGET', KEYS[2], id)
  if frame then
    out[#out + 1] = id
    out[#out + 1] = frame
  end
end
return out
