-- Reads a capture in flight (settle_hold.lua: a payee kept in another bucket) before its payee's
-- leg, and marks the read. The mark is a write, so the WAIT that LuaScripts appends confirms that a
-- replica holds the capture before the payee is paid: a capture a failover could still lose is
-- never landed (the caller fails with 503 and the sweep tries again).
-- KEYS: 1 hold
-- Returns {'pending', payee, captured, who captured ('' if unknown)}, or {state} of a capture not in
-- flight ('landed', or '' when the hold has no landing: unknown, or paid in one script).
local h = redis.call('HMGET', KEYS[1], 'payee', 'captured', 'landing', 'captured_by')
if h[3] ~= 'pending' then
  return {h[3] or ''}
end
redis.call('HSET', KEYS[1], 'landing_read', now_ms())
return {'pending', h[1], h[2], h[4] or ''}
