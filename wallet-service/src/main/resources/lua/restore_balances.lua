-- Sets balances only if no movement happened since they were computed (compare-and-set on the
-- counter), and sets the counter to the ledger's highest seq (making it, after Redis lost its
-- data) so that new movements never reuse a number the ledger holds. KEYS[1] the counter, KEYS[2] the account set; ARGV[1] the
-- counter as read, ARGV[2] the counter to leave, ARGV[3] the wallet key prefix, then pairs
-- account, balance. Returns the number of balances set, or -1 if a movement came in between.
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then
  return -1
end
redis.call('SET', KEYS[1], ARGV[2]) -- made again after Redis lost its data: movements resume
local n = 0
for i = 4, #ARGV, 2 do
  redis.call('HSET', ARGV[3] .. ARGV[i], 'balance', ARGV[i + 1])
  redis.call('SADD', KEYS[2], ARGV[i])
  n = n + 1
end
return n
