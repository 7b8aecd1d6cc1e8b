-- What of the stream the relay has not yet put on Kafka. KEYS[1] the stream; ARGV[1] the relay's
-- group. Returns {pending, undelivered}: entries the group delivered to a relay that has not
-- acknowledged them (Kafka may not have them), and whether entries wait that the group has not
-- delivered (1: one at least; a stream without the group: all of them). {0, 0}: everything is on Kafka.
local groups = redis.pcall('XINFO', 'GROUPS', KEYS[1])
if groups.err then
  if string.find(string.lower(groups.err), 'no such key', 1, true) then
    return {0, 0} -- no stream: nothing to relay
  end
  return groups -- any other error (NOPERM: an ACL without +xinfo|groups) is the caller's, never "all relayed"
end
for _, group in ipairs(groups) do
  local fields = {}
  for i = 1, #group, 2 do
    fields[group[i]] = group[i + 1]
  end
  if fields['name'] == ARGV[1] then
    local next = redis.call('XRANGE', KEYS[1], '(' .. fields['last-delivered-id'], '+', 'COUNT', 1)
    return {fields['pending'], #next}
  end
end
return {0, redis.call('XLEN', KEYS[1]) > 0 and 1 or 0}
