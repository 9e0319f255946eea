-- Removes acknowledged messages from a user's offline inbox and resets its trimmed count.
-- KEYS as inbox-append.lua. ARGV: the inbox ids to remove (those the acknowledging connection was sent).
-- Returns how many were still there.
local removed = redis.call('ZREM', KEYS[1], unpack(ARGV))
redis.call('HDEL', KEYS[2], unpack(ARGV))
redis.call('HDEL', KEYS[2], '#trimmed')
return removed
