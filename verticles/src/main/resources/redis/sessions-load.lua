-- Every session that has not expired, in their stored JSON form (for a cluster that lost its memory).
-- KEYS: 1 the index
-- ARGV: 1 now (epoch ms), 2 session key before the id, 3 session key after the id
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')) do
  local s = redis.call('HMGET', ARGV[2] .. id .. ARGV[3], 'json', 'deleted')
  if s[1] and s[2] ~= '1' then
    out[#out + 1] = s[1]
  end
end
return out
