-- KEYS[1] the account set, KEYS[2] the movement counter; ARGV[1] the wallet key prefix.
-- Returns {seq, account1, balance1, account2, balance2, ...}. Reads wallet keys it derives
-- (a scan of every account cannot name them all in advance): single-instance Redis only.
local out = {redis.call('GET', KEYS[2]) or '0'}
for _, account in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  out[#out + 1] = account
  out[#out + 1] = redis.call('HGET', ARGV[1] .. account, 'balance') or '0'
end
return out
