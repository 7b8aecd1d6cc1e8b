-- Reserves tokens of a wallet (SPEC §3 "Holds"): they stop being available until the hold is
-- captured, released or expires. Once per hold id; a refusal is remembered as the hold's first
-- outcome (state 'refused', kept for the window) so a retry after a top-up answers it again.
-- KEYS: 1 hold, 2 wallet, 3 expiry index, 4 hold stats, 5 seq (only looked at: see unnumbered)
-- ARGV: 1 fingerprint, 2 hold id, 3 account, 4 amount, 5 purpose, 6 payee, 7 ttl (s),
--       8 record ttl (s), 9 the deadline: past it nothing is reserved (common.lua refuse_if_late),
--       10 who reserved it (the token's subject; not part of the fingerprint, but a replay must come
--          from the same: else the holder, reserving first under the id an admin will use, would own
--          the admin's hold and release it, and the admin would be told its hold was made),
--       11 the most active holds one account may have (wallet.max-active-holds-per-account): past it
--          the reservation is refused, remembered as a refusal ('refused', reason 'limit') as one for
--          too few tokens is: a retry under the id answers it again (its id's claim then lives no
--          longer than this record: a hold made by a retry would outlive its claim)
refuse_if_late(ARGV[9])
local existing = redis.call('HMGET', KEYS[1], 'fingerprint', 'state', 'amount', 'expires_at', 'free', 'reserved_by', 'reason',
  'active')
if existing[1] then
  if existing[1] ~= ARGV[1] then
    return {'conflict', existing[1]}
  end
  if existing[6] and existing[6] ~= ARGV[10] then
    return {'conflict', existing[1]}
  end
  if existing[2] == 'refused' then
    if existing[7] == 'limit' then
      return {'limit', existing[8]}
    end
    return {'refused', existing[5]}
  end
  return {'replay', existing[2], existing[3], existing[4]}
end
local missing = unnumbered(KEYS[5]) -- a Redis that lost its data neither reserves nor remembers a refusal
if missing then
  return missing
end
local active = tonumber(redis.call('HGET', KEYS[2], 'holds') or '0')
if active >= tonumber(ARGV[11]) then
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'account', ARGV[3], 'state', 'refused', 'reason', 'limit',
    'active', fmt(active), 'reserved_by', ARGV[10])
  redis.call('EXPIRE', KEYS[1], ARGV[8])
  return {'limit', fmt(active)}
end
local amount = tonumber(ARGV[4])
local free = available(KEYS[2])
if free < amount then
  -- reserved_by on a refusal too: else the holder, refused under an admin's id on purpose, would have
  -- the admin's reservation answered as the replay of its refusal (402, the id spent).
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'account', ARGV[3], 'state', 'refused', 'free', fmt(free),
    'reserved_by', ARGV[10])
  redis.call('EXPIRE', KEYS[1], ARGV[8])
  return {'refused', fmt(free)}
end
redis.call('HINCRBY', KEYS[2], 'held', amount)
redis.call('HINCRBY', KEYS[2], 'holds', 1)
local expires = fmt(tonumber(now_ms()) + tonumber(ARGV[7]) * 1000)
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'account', ARGV[3], 'amount', ARGV[4],
  'purpose', ARGV[5], 'payee', ARGV[6], 'state', 'active', 'expires_at', expires, 'reserved_by', ARGV[10])
redis.call('ZADD', KEYS[3], expires, ARGV[2])
redis.call('HINCRBY', KEYS[4], 'count', 1)
redis.call('HINCRBY', KEYS[4], 'total', amount)
return {'ok', 'active', ARGV[4], expires}
