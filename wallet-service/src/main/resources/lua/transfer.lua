-- Moves tokens between two wallets once per event id (credit, debit, capture), and appends the
-- movement to the billing stream. A refusal is remembered as the first outcome too.
-- KEYS: 1 event record, 2 source wallet, 3 destination wallet, 4 billing stream, 5 seq, 6 accounts
-- ARGV: 1 fingerprint, 2 record ttl (s), 3 event id, 4 kind, 5 source account, 6 destination
--       account, 7 amount, 8 source may go below zero (1|0), 9 category, 10 reason, 11 subject,
--       12 the caller's traceparent when its trace is sampled ('' or absent otherwise),
--       13 '1' to answer a remembered first outcome only: nothing moves, and {'unseen'} when none is
--          remembered (a retry arriving after its id's window: WalletResource),
--       14 the bucket's stride: what its counter adds per movement (redis/Keys),
--       15 the deadline: past it nothing moves (common.lua refuse_if_late),
--       16 who asked, when not the account moved ('' or absent otherwise: common.lua append_to_stream)
local stride = stride_of(ARGV[14])
refuse_if_late(ARGV[15])
local prior = seen_before(KEYS[1], ARGV[1])
if prior then
  return prior
end
if ARGV[13] == '1' then
  return {'unseen'}
end
local missing = unnumbered(KEYS[5]) -- before a refusal is remembered
if missing then
  return missing
end
local amount = tonumber(ARGV[7])
if ARGV[8] ~= '1' then
  local free = available(KEYS[2])
  if free < amount then
    return remember(KEYS[1], ARGV[1], ARGV[2], {'refused', fmt(free)})
  end
end
if amount > MAX_TOKENS or balance_of(KEYS[2]) - amount < -MAX_TOKENS
    or balance_of(KEYS[3]) + amount > MAX_TOKENS then
  return {'overflow'}
end
local from_balance = redis.call('HINCRBY', KEYS[2], 'balance', -amount)
local to_balance = redis.call('HINCRBY', KEYS[3], 'balance', amount)
redis.call('SADD', KEYS[6], ARGV[5], ARGV[6])
local seq = next_seq(KEYS[5], stride)
append_to_stream(KEYS[4], {'type', ARGV[4], 'event_id', ARGV[3], 'seq', seq,
  'from', ARGV[5], 'to', ARGV[6], 'amount', ARGV[7], 'subject', ARGV[11],
  'category', ARGV[9], 'reason', ARGV[10], 'time', now_ms()}, ARGV[12], ARGV[16])
return remember(KEYS[1], ARGV[1], ARGV[2], {'ok', fmt(from_balance), fmt(to_balance)})
