-- Makes sure an event can never be applied: if it was applied, returns its first outcome; if not,
-- records it as void so that a later attempt is refused as a reused event id. The top-up saga
-- runs this before it refunds a payment it could not credit, so the user never gets both.
-- KEYS: 1 event record
-- ARGV: 1 record ttl (s)
local seen = redis.call('GET', KEYS[1])
if seen then
  if seen == 'void\n' then
    return {'voided'}
  end
  return {'applied'}
end
redis.call('SET', KEYS[1], 'void\n', 'EX', ARGV[1])
return {'voided'}
