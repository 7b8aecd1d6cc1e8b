-- Prepended to every script of this folder: idempotency records, balances, the billing stream.
-- Every number crossing into Redis is formatted with %.0f: tostring() would print 1e+15.

local function fmt(n)
  return string.format('%.0f', n)
end

-- The largest balance or amount a script moves: 2^53 - 1, the last integer a Lua number (a double)
-- holds exactly. Every script checks its bounds against it before its first write, so none can
-- fail half-way (HINCRBY past 2^63 would raise after the debit and before the credit).
local MAX_TOKENS = 9007199254740991

-- The suite's one idempotency record (wallet-service's README, "Idempotency"): an event id's
-- request fingerprint and its first outcome, whatever that outcome was, kept for the window.
-- The fingerprint is made of hex hashes (no newline, no '|'), the outcome of codes and numbers.
-- Returns nil for an unseen id, {'replay', outcome...} for the same request, or
-- {'conflict', stored fingerprint} when the id was used for another request.
local function seen_before(event_key, fingerprint)
  local seen = redis.call('GET', event_key)
  if not seen then
    return nil
  end
  local sep = string.find(seen, '\n', 1, true)
  local stored = string.sub(seen, 1, sep - 1)
  if stored ~= fingerprint then
    return {'conflict', stored}
  end
  local result = {'replay'}
  for part in string.gmatch(string.sub(seen, sep + 1), '[^|]+') do
    result[#result + 1] = part
  end
  return result
end

-- Records the first outcome ({status, values...}) and returns it, to be answered now.
local function remember(event_key, fingerprint, ttl, outcome)
  redis.call('SET', event_key, fingerprint .. '\n' .. table.concat(outcome, '|'), 'EX', ttl)
  return outcome
end

-- available = balance - held, and the balance itself.
local function available(wallet)
  local v = redis.call('HMGET', wallet, 'balance', 'held')
  local balance = tonumber(v[1]) or 0
  return balance - (tonumber(v[2]) or 0), balance
end

-- A wallet's balance, 0 if it has none.
local function balance_of(wallet)
  return tonumber(redis.call('HGET', wallet, 'balance') or '0')
end

local function now_ms()
  local t = redis.call('TIME')
  return fmt(tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
end

-- A movement's deadline (ARGV, ms since the epoch on Redis' clock): a script that runs after it
-- refuses before any write. A request can wait in the client's queue behind a frozen node long
-- after its caller gave up (wallet.redis.answer-timeout) and sent it again; once the second one's
-- record has expired (a caller's id: the 15-minute window) the first, arriving at last, would move
-- the tokens (or reserve them) a second time. The wallet sends now + wallet.redis.late-after (5 min).
-- Required, as the stride is: arguments shifted by a change would otherwise turn the check off.
local function refuse_if_late(deadline)
  local by = tonumber(deadline)
  if not by then
    error('the deadline is missing')
  end
  if tonumber(now_ms()) > by then
    error('LATE: the request reached Redis after its deadline; nothing moved')
  end
end

-- Appends a movement to the billing stream (KEYS of the caller): its fields, 'traceparent' when
-- the caller passed the W3C trace context of a sampled request ('' or nil: none), and 'actor' when
-- someone moved another account's tokens (an admin, a service: the token's subject; '' or nil when
-- the account's owner moved its own, or the suite did). The relay turns both into the event's
-- attributes and the ledger keeps the actor beside the movement (SPEC §10, four eyes); neither
-- moves anything, and neither is part of a fingerprint: a replay by another caller moves nothing.
local function append_to_stream(stream, entry, traceparent, actor)
  if traceparent and traceparent ~= '' then
    entry[#entry + 1] = 'traceparent'
    entry[#entry + 1] = traceparent
  end
  if actor and actor ~= '' then
    entry[#entry + 1] = 'actor'
    entry[#entry + 1] = actor
  end
  redis.call('XADD', stream, '*', unpack(entry))
end

-- Movements are numbered after everything the ledger holds (the counter, pes:billing:seq). The
-- wallet makes the counter once, on a fresh system (MovementCounter); after Redis lost its data
-- only an admin's rebuild makes it again, from the ledger. Without it nothing moves and no outcome
-- is remembered: numbered again from 1, new movements would repeat numbers the ledger holds and a
-- rebuild could not tell them apart; a refusal remembered now would be answered after the rebuild.
-- Returns the error reply to answer, or nil. GET, not EXISTS: the service's ACL has no EXISTS.
local function unnumbered(seq_key)
  if not redis.call('GET', seq_key) then
    return redis.error_reply('UNNUMBERED the movement counter is missing: Redis lost its data')
  end
  return nil
end

-- The next movement's seq in this bucket: the counter plus the bucket's stride (the number of
-- buckets, redis/Keys), so bucket b numbers b+1, b+1+N, ... and no two buckets share a seq.
-- Each script reads its stride with stride_of first, before any write: a Lua error undoes nothing.
local function stride_of(arg)
  local n = tonumber(arg)
  if not n or n < 1 then
    error('the bucket stride is missing')
  end
  return n
end

local function next_seq(seq_key, stride)
  return redis.call('INCRBY', seq_key, stride)
end
