-- Marks a capture's second leg landed (settle_hold.lua, a payee in another bucket): the payee's
-- credit is applied (or booked), so the hold record keeps only the usual window and leaves the
-- landing index. Repeating it changes nothing.
-- KEYS: 1 hold, 2 landing index
-- ARGV: 1 hold id, 2 record ttl (s)
if redis.call('HGET', KEYS[1], 'landing') == 'pending' then
  redis.call('HSET', KEYS[1], 'landing', 'landed')
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
redis.call('ZREM', KEYS[2], ARGV[1])
return {'ok'}
