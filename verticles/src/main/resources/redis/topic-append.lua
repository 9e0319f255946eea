-- Archives one topic message (RedisTopicArchive.append; docs/durability.md). Idempotent: a seq already stored is
-- ignored, so a resent write changes nothing.
-- KEYS: 1 meta hash {epoch, last}, 2 stream (entry id "<seq>-0", fields t = accept time ms, f = frame),
--       3 sorted set of stragglers (score seq, member "<t>:<frame>")
-- ARGV: 1 epoch, 2 seq, 3 t, 4 frame, 5 max messages, 6 max age ms, 7 now ms
local meta, log, late = KEYS[1], KEYS[2], KEYS[3]
local seq, maxage = tonumber(ARGV[2]), tonumber(ARGV[6])
-- A new epoch: the old numbering is gone for good (nobody can resume in it), so is its history.
if redis.call('HGET', meta, 'epoch') ~= ARGV[1] then
  redis.call('DEL', log, late)
  redis.call('HSET', meta, 'epoch', ARGV[1], 'last', 0)
end
local last = tonumber(redis.call('HGET', meta, 'last'))
local id = seq .. '-0'
if seq > last then
  redis.call('XADD', log, 'MAXLEN', '~', ARGV[5], id, 't', ARGV[3], 'f', ARGV[4])
  redis.call('HSET', meta, 'last', seq)
elseif #redis.call('XRANGE', log, id, id) == 0 and #redis.call('ZRANGEBYSCORE', late, seq, seq) == 0 then
  -- Nodes archive concurrently, so a lower seq can arrive after a higher one; a stream only appends at its end.
  redis.call('ZADD', late, seq, ARGV[3] .. ':' .. ARGV[4])
end
-- Age: accept times grow with seq, so binary-search the first young entry and trim everything before it.
local cutoff = tonumber(ARGV[7]) - maxage
local young = 0
local head = redis.call('XRANGE', log, '-', '+', 'COUNT', 1)[1]
if head and tonumber(head[2][2]) < cutoff then
  local lo, hi = tonumber(string.match(head[1], '^%d+')), tonumber(redis.call('HGET', meta, 'last')) + 1
  while hi - lo > 1 do
    local mid = math.floor((lo + hi) / 2)
    local e = redis.call('XRANGE', log, mid .. '-0', '+', 'COUNT', 1)[1]
    if e and tonumber(e[2][2]) < cutoff then lo = mid else hi = mid end
  end
  redis.call('XTRIM', log, 'MINID', hi .. '-0')
  young = hi
end
-- Stragglers go by the same rules as the stream: out of the last max messages, or below the age boundary. Not by
-- the stream's head: a straggler below the head (seq 1 reaching Redis after seq 2, or a batch resent after Redis
-- came back) is what this set is for.
local floor = math.max(tonumber(redis.call('HGET', meta, 'last')) - tonumber(ARGV[5]), young - 1)
if floor > 0 then
  redis.call('ZREMRANGEBYSCORE', late, '-inf', floor)
end
-- A topic nobody writes to vanishes with its history (and its numbering) after the retention age.
for _, k in ipairs(KEYS) do redis.call('PEXPIRE', k, maxage) end
return 1
