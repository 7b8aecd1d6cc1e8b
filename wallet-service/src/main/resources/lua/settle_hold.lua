-- Ends an active hold: capture (part of it moves to the payee, the rest is freed), release, or
-- expiry (only once its time has come). Repeating the same ending returns the first outcome.
-- A capture for a payee kept in another bucket (wallet.redis.buckets > 1) is the first of two legs:
-- the captured tokens go to this bucket's `escrow` sub-account (KEYS[3] is then its wallet) and the
-- hold is marked `landing=pending` in the landing index; HoldService then credits the payee from the
-- `escrow` sub-account of the payee's bucket under its own suite id, and marks the hold landed.
-- KEYS: 1 hold, 2 wallet, 3 payee wallet (or this bucket's escrow wallet), 4 expiry index,
--       5 hold stats, 6 billing stream, 7 seq, 8 accounts, 9 landing index
-- ARGV: 1 hold id, 2 ending (captured|released|expired), 3 captured amount (0 unless captured),
--       4 record ttl (s), 5 event id of the capture, 6 the payee KEYS[3] belongs to,
--       7 the caller's traceparent when its trace is sampled ('' or absent otherwise),
--       8 the bucket's stride: what its counter adds per movement (redis/Keys),
--       9 the account a capture goes through ('escrow' when the payee is in another bucket, else ''),
--       10 the deadline: past it nothing ends (common.lua refuse_if_late),
--       11 the admin that captures ('' or absent for a release or an expiry: common.lua append_to_stream)
local stride = stride_of(ARGV[8])
refuse_if_late(ARGV[10])
local via = ARGV[9] or ''
local h = redis.call('HMGET', KEYS[1], 'state', 'account', 'amount', 'payee', 'captured', 'expires_at', 'landing')
if not h[1] or h[1] == 'refused' then
  return {'unknown_hold'}
end
if h[1] ~= 'active' then
  if h[1] == ARGV[2] and (h[5] or '0') == ARGV[3] then
    return {'replay', h[1], h[5] or '0', h[7] or ''}
  end
  return {'not_active', h[1]}
end
if h[4] ~= ARGV[6] then
  return {'stale_payee', h[4]}
end
local held = tonumber(h[3])
local ending, captured = ARGV[2], tonumber(ARGV[3])
local overdue = tonumber(h[6]) <= tonumber(now_ms())
if ending == 'expired' and not overdue then
  return {'not_due'}
end
-- A hold releases itself when its time comes (SPEC §3), whether or not the sweep has reached it:
-- a capture after that expires it instead, moves nothing, and is told the hold is no longer active.
local late_capture = ending == 'captured' and overdue
if late_capture then
  ending, captured = 'expired', 0
end
if captured > held then
  return {'too_much', h[3]}
end
-- The held tokens are part of the balance; should the balance stand below them (a rebuild from a
-- ledger behind Redis), a capture never takes it below zero: that would create the payee's tokens.
-- (A release or an expiry moves nothing and always ends the hold.)
local balance = balance_of(KEYS[2])
if captured > 0 and captured > balance then
  return {'short', fmt(balance)}
end
if balance_of(KEYS[3]) + captured > MAX_TOKENS then
  return {'overflow'}
end
if captured > 0 then
  local missing = unnumbered(KEYS[7])
  if missing then
    return missing
  end
end
redis.call('HINCRBY', KEYS[2], 'held', -held)
-- The account's active holds (hold.lua); one made before they were counted ends without having counted.
if redis.call('HINCRBY', KEYS[2], 'holds', -1) < 0 then
  redis.call('HSET', KEYS[2], 'holds', '0')
end
local landing = ''
if captured > 0 then
  local to = h[4]
  if via ~= '' then
    to, landing = via, 'pending'
  end
  redis.call('HINCRBY', KEYS[2], 'balance', -captured)
  redis.call('HINCRBY', KEYS[3], 'balance', captured)
  redis.call('SADD', KEYS[8], h[2], to)
  local seq = next_seq(KEYS[7], stride)
  append_to_stream(KEYS[6], {'type', 'hold_capture', 'event_id', ARGV[5], 'seq', seq,
    'from', h[2], 'to', to, 'amount', fmt(captured), 'subject', h[2],
    'category', 'hold', 'reason', ARGV[1], 'time', now_ms()}, ARGV[7], ARGV[11])
end
redis.call('HSET', KEYS[1], 'state', ending, 'captured', fmt(captured))
if landing ~= '' then
  -- Kept (with who and how much, no TTL: an active hold's record has none) until the payee's leg
  -- has landed, however late that is; landed.lua gives it the usual window then. Who captured is
  -- kept for that leg too, so that the payee's ledger rows name the admin as the first leg's do.
  redis.call('HSET', KEYS[1], 'landing', landing, 'captured_by', ARGV[11] or '')
  redis.call('ZADD', KEYS[9], now_ms(), ARGV[1])
else
  redis.call('EXPIRE', KEYS[1], ARGV[4])
end
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HINCRBY', KEYS[5], 'count', -1)
redis.call('HINCRBY', KEYS[5], 'total', -held)
if late_capture then
  return {'not_active', ending}
end
return {'ok', ending, fmt(captured), landing}
