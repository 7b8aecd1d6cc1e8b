-- A bucket's movement counter below a seq the ledger has booked: Redis went back in time (restored
-- from an older volume, a crash inside AOF's fsync second, a failover to a replica that had not
-- received the last writes). It would number new movements with seqs the ledger holds, and its
-- balances lack movements the ledger has. The counter is removed, as if Redis had lost it, so every
-- movement of the bucket is refused (common.lua unnumbered) until an admin's rebuild sets balances
-- and counter from the ledger. EXPIRE 0 removes it: the service's ACL has no DEL.
-- KEYS[1] the counter; ARGV[1] the highest seq of the bucket the ledger has booked, read before this
-- script (a counter only grows, and every booked seq was counted before it was booked, so a sound
-- counter is never below it). Returns the counter removed, or -1 when it is sound or missing.
local counter = tonumber(redis.call('GET', KEYS[1]))
if counter and counter < tonumber(ARGV[1]) then
  redis.call('EXPIRE', KEYS[1], 0)
  return counter
end
return -1
