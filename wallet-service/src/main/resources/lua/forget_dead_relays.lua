-- Forgets relays that are gone: consumers other than this one that own no pending entry (their
-- entries were claimed) and have not read for longer than the claim idle time. Atomic, so a
-- consumer cannot read an entry between the look and the deletion. KEYS[1] the stream; ARGV[1]
-- the group, ARGV[2] this consumer, ARGV[3] the idle time in ms. Returns how many were removed.
local removed = 0
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local info = {}
  for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
  if info['name'] ~= ARGV[2] and tonumber(info['pending']) == 0
      and tonumber(info['idle']) > tonumber(ARGV[3]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
    removed = removed + 1
  end
end
return removed
