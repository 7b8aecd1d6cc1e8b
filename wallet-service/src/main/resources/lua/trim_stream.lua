-- Trims the stream behind what the group has acknowledged, atomically with the look at what is
-- pending (another replica may be reading meanwhile). KEYS[1] the stream; ARGV[1] the group;
-- ARGV[2] the id just after the highest entry this relay acknowledged. Everything below ARGV[2],
-- the oldest pending entry and the group's next undelivered entry was delivered and acknowledged.
-- The last bound matters when ARGV[2] is stale: a failover to a replica that lacked the last writes
-- and whose clock is behind numbers new entries below ids this relay acknowledged on the old
-- master, and the group (recreated, or as the replica had it) has not delivered them yet: they are
-- no one's pending entries, and only the group's last-delivered-id keeps them. Returns {trimmed, length}.
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return ms, tonumber(seq)
end
local function before(a, b)
  local ams, aseq = parse(a)
  local bms, bseq = parse(b)
  -- Milliseconds compared as numbers: up to 2^53 they are exact as doubles.
  ams, bms = tonumber(ams), tonumber(bms)
  return ams < bms or (ams == bms and aseq < bseq)
end
local bound = ARGV[2]
local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
if pending[1] > 0 and before(pending[2], bound) then
  bound = pending[2]
end
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local fields = {}
  for i = 1, #group, 2 do
    fields[group[i]] = group[i + 1]
  end
  if fields['name'] == ARGV[1] then
    local ms, seq = parse(fields['last-delivered-id'])
    -- The id just after the last delivered one (the sequence part stays below 2^53 in practice).
    local undelivered = ms .. '-' .. string.format('%d', seq + 1)
    if before(undelivered, bound) then
      bound = undelivered
    end
  end
end
local trimmed = redis.call('XTRIM', KEYS[1], 'MINID', bound)
return {trimmed, redis.call('XLEN', KEYS[1])}
