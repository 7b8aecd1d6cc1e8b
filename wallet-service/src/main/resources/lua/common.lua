-- Prepended to every script of this folder: idempotency records, balances, the billing stream.
-- Every number crossing into Redis is formatted with %.0f: tostring() would print 1e+15.

local function fmt(n)
  return string.format('%.0f', n)
end

-- The first outcome of an event id, or {'conflict'} if it was used for another request.
local function seen_before(event_key, fingerprint)
  local seen = redis.call('GET', event_key)
  if not seen then
    return nil
  end
  local sep = string.find(seen, '\n', 1, true)
  if string.sub(seen, 1, sep - 1) ~= fingerprint then
    return {'conflict'}
  end
  local result = {'replay'}
  for part in string.gmatch(string.sub(seen, sep + 1), '[^|]+') do
    result[#result + 1] = part
  end
  return result
end

local function remember(event_key, fingerprint, ttl, outcome)
  redis.call('SET', event_key, fingerprint .. '\n' .. table.concat(outcome, '|'), 'EX', ttl)
end

-- available = balance - held, and the balance itself.
local function available(wallet)
  local v = redis.call('HMGET', wallet, 'balance', 'held')
  local balance = tonumber(v[1]) or 0
  return balance - (tonumber(v[2]) or 0), balance
end

local function now_ms()
  local t = redis.call('TIME')
  return fmt(tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
end
