-- Keeps an app's catalog entry as app.catalog last said it: an older version never overwrites a
-- newer one, so redelivered or reordered catalog events are harmless (the same version again
-- writes the same values). The price and developer share of a call, with and without the platform
-- fee, come computed from Java (contracts' money.RevenueSplit); the charge script reads only those.
-- KEYS: 1 app catalog entry
-- ARGV: 1 version, 2 developer id, 3 status, 4 pricing model, 5 base price, 6 platform fee, 7 split,
--       8 price, 9 developer share, 10 price for a BYOLLM user, 11 its developer share
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if tonumber(ARGV[1]) < current then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'developer_id', ARGV[2], 'status', ARGV[3],
  'pricing_model', ARGV[4], 'base_price', ARGV[5], 'platform_fee', ARGV[6], 'revenue_split_dev', ARGV[7],
  'price', ARGV[8], 'developer_share', ARGV[9], 'price_byollm', ARGV[10], 'developer_share_byollm', ARGV[11])
return 1
