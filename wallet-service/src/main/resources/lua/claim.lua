-- Claims an id (an event id, a hold id) for the bucket whose account uses it, where wallets are
-- split over buckets (redis/Keys, IdClaims). The claim lives in the bucket the id itself hashes
-- to, so all buckets meet at one key: the first bucket to claim it keeps it for the id's record
-- lifetime; the same bucket again is answered as the holder, another bucket gets the holder's index.
-- A bucket that lost its data (no movement counter) claims nothing: an id it held would be free
-- again, so every claim there answers UNNUMBERED (503 until an admin's rebuild), as its movements do.
-- KEYS: 1 the claim, 2 the movement counter of the claim's bucket (only looked at)
-- ARGV: 1 the claiming bucket's index, 2 ttl (s)
local missing = unnumbered(KEYS[2])
if missing then
  return missing
end
local held = redis.call('GET', KEYS[1])
if held then
  return held
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]
