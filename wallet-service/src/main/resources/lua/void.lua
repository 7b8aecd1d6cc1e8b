-- Makes sure an event can never be applied: if this very request was applied, returns
-- {'applied'}; if the id was used for another request, {'conflict'} (the saga must not take that
-- as its own credit); if not, records it as void so that a later attempt is refused as a reused
-- event id. The top-up saga runs this before it refunds a payment it could not credit, so the
-- user never gets both.
-- KEYS: 1 event record
-- ARGV: 1 record ttl (s), 2 the fingerprint of the request that would have applied it
local seen = redis.call('GET', KEYS[1])
if seen then
  if seen == 'void\n' then
    return {'voided'}
  end
  local sep = string.find(seen, '\n', 1, true)
  if ARGV[2] and string.sub(seen, 1, sep - 1) ~= ARGV[2] then
    return {'conflict'}
  end
  local rest = string.sub(seen, sep + 1)
  if string.sub(rest, 1, 3) == 'ok|' then
    return {'applied'}
  end
  -- Its first outcome moved nothing, and a replay answers that outcome: as good as void.
  return {'voided'}
end
redis.call('SET', KEYS[1], 'void\n', 'EX', ARGV[1])
return {'voided'}
