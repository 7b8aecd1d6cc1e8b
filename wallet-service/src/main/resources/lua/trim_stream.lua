-- Trims the stream behind what the group has acknowledged, atomically with the look at what is
-- pending (another replica may be reading meanwhile). KEYS[1] the stream; ARGV[1] the group;
-- ARGV[2] the id just after the highest entry this relay acknowledged. Everything below both
-- ARGV[2] and the oldest pending entry was delivered and acknowledged. Returns {trimmed, length}.
local function before(a, b)
  local ams, aseq = string.match(a, '^(%d+)-(%d+)$')
  local bms, bseq = string.match(b, '^(%d+)-(%d+)$')
  ams, aseq, bms, bseq = tonumber(ams), tonumber(aseq), tonumber(bms), tonumber(bseq)
  return ams < bms or (ams == bms and aseq < bseq)
end
local bound = ARGV[2]
local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
if pending[1] > 0 and before(pending[2], bound) then
  bound = pending[2]
end
local trimmed = redis.call('XTRIM', KEYS[1], 'MINID', bound)
return {trimmed, redis.call('XLEN', KEYS[1])}
