-- Reads archived messages after a seq (RedisTopicArchive.read): the stream and the stragglers merged in seq order.
-- KEYS: as topic-append.lua. ARGV: 1 epoch, 2 after (exclusive), 3 upto (inclusive), 4 max.
-- Returns a flat array: seq, t, frame, seq, t, frame, ...; empty when the epoch is not the archived one.
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return {} end
local after, upto, max = tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
if tonumber(upto) <= after then return {} end
local a = redis.call('XRANGE', KEYS[2], (after + 1) .. '-0', upto .. '-0', 'COUNT', max)
local b = redis.call('ZRANGEBYSCORE', KEYS[3], after + 1, upto, 'WITHSCORES', 'LIMIT', 0, max)
local out, i, j, n = {}, 1, 1, 0
while n < max and (i <= #a or j < #b) do
  local sa = a[i] and tonumber(string.match(a[i][1], '^%d+'))
  local sb = b[j] and tonumber(b[j + 1])
  if sa and (not sb or sa <= sb) then
    out[#out + 1] = sa; out[#out + 1] = a[i][2][2]; out[#out + 1] = a[i][2][4]
    i = i + 1
    if sb == sa then j = j + 2 end
  else
    local c = string.find(b[j], ':', 1, true)
    out[#out + 1] = sb; out[#out + 1] = string.sub(b[j], 1, c - 1); out[#out + 1] = string.sub(b[j], c + 1)
    j = j + 2
  end
  n = n + 1
end
return out
