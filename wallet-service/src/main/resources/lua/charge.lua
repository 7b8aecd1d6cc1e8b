-- A user's call to an app (SPEC §3, seeds/002): price it from the catalog, refuse when the user
-- cannot pay, else debit the user, credit the platform, add the developer's share to their
-- running total and append the charge to the billing stream. All or nothing, once per event id;
-- every outcome but a stale developer (which the service retries) is remembered, so a refused or
-- unbilled call's replay answers the refusal even after a top-up or an approval.
-- KEYS: 1 event record, 2 user wallet, 3 app catalog entry, 4 developer running total,
--       5 platform wallet, 6 billing stream, 7 seq, 8 accounts
-- ARGV: 1 fingerprint, 2 record ttl (s), 3 event id, 4 user account, 5 app id, 6 tool name,
--       7 byollm (1|0), 8 the developer KEYS[4] belongs to, 9 platform account,
--       10 why the call is not billed, decided before Redis ('' when it may be),
--       11 the caller's W3C traceparent when its trace is sampled ('' or absent otherwise): stored
--          with the stream entry so the relay's event continues the trace; it moves nothing,
--       12 '1' to answer a remembered first outcome only: nothing moves, and {'unseen'} when none is
--          remembered (a retry arriving after its id's window: ChargeService),
--       13 the bucket's stride: what its counter adds per movement (redis/Keys),
--       14 the deadline: past it nothing moves (common.lua refuse_if_late),
--       15 who asked, when not the user ('' or absent otherwise: common.lua append_to_stream)
local stride = stride_of(ARGV[13])
refuse_if_late(ARGV[14])
local prior = seen_before(KEYS[1], ARGV[1])
if prior then
  return prior
end
if ARGV[12] == '1' then
  return {'unseen'}
end
local missing = unnumbered(KEYS[7]) -- before any outcome is remembered: none is answered from a Redis that lost its data
if missing then
  return missing
end
if ARGV[10] ~= '' then
  return remember(KEYS[1], ARGV[1], ARGV[2], {'unbilled', ARGV[10]})
end
-- The price and the developer's share were computed in Java when the catalog entry was stored
-- (AppCatalog, contracts' money.RevenueSplit): the script only moves them, it does no arithmetic
-- on money but the balances' own additions.
local byollm = ARGV[7] == '1'
local app = redis.call('HMGET', KEYS[3], 'status', 'developer_id',
  byollm and 'price_byollm' or 'price', byollm and 'developer_share_byollm' or 'developer_share')
if not app[1] then
  return remember(KEYS[1], ARGV[1], ARGV[2], {'unknown_app'})
end
if app[1] ~= 'active' then
  return remember(KEYS[1], ARGV[1], ARGV[2], {'unbilled', 'app_not_active'})
end
if app[2] ~= ARGV[8] then
  return {'stale_developer', app[2]}
end
if not app[3] or not app[4] then
  return {'catalog_outdated'} -- stored by a version that did not price entries: the catalog replay rewrites it
end
local total, dev = tonumber(app[3]), tonumber(app[4])
local platform = total - dev
local free, balance = available(KEYS[2])
if free < total then
  return remember(KEYS[1], ARGV[1], ARGV[2], {'refused', fmt(free)})
end
local seq = 0
if total > 0 then
  if balance_of(KEYS[5]) + total > MAX_TOKENS
      or tonumber(redis.call('GET', KEYS[4]) or '0') + dev > MAX_TOKENS then
    return {'overflow'}
  end
  balance = redis.call('HINCRBY', KEYS[2], 'balance', -total)
  redis.call('HINCRBY', KEYS[5], 'balance', total)
  redis.call('SADD', KEYS[8], ARGV[4], ARGV[9])
  if dev > 0 then
    redis.call('INCRBY', KEYS[4], dev)
  end
  seq = next_seq(KEYS[7], stride)
end
local entry = {'type', 'charge', 'event_id', ARGV[3], 'seq', seq,
  'from', ARGV[4], 'to', ARGV[9], 'amount', fmt(total), 'subject', ARGV[4],
  'category', 'app_action', 'reason', ARGV[6], 'time', now_ms(),
  'app_id', ARGV[5], 'developer_id', app[2], 'tool_name', ARGV[6], 'byollm', ARGV[7],
  'developer_share', fmt(dev), 'platform_share', fmt(platform)}
append_to_stream(KEYS[6], entry, ARGV[11], ARGV[15])
return remember(KEYS[1], ARGV[1], ARGV[2], {'ok', fmt(total), fmt(dev), fmt(platform), fmt(balance)})
