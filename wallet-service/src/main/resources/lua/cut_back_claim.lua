-- Cuts an id's claim (claim.lua) back to ARGV[1] seconds from now, never lengthening it: a hold's
-- claim is made for its ttl and then its record, and a refused reservation or an ended hold keeps
-- only its record (IdClaims.cutBack). EXPIRE's LT option would do it alone, but not on Redis 6.2.
-- KEYS: 1 the claim. ARGV: 1 ttl (s). Returns 1 when cut back, 0 when left (shorter, or gone).
local ttl = redis.call('TTL', KEYS[1])
if ttl > tonumber(ARGV[1]) then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
  return 1
end
return 0
