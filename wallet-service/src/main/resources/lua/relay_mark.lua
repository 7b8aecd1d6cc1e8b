-- A write the relay makes after reading billing entries and before publishing them, in the stream's
-- slot. LuaScripts follows every script with WAIT when replicas must confirm (wallet.redis.replica-acks):
-- the master's replication stream is one order, so a replica that holds this mark holds every entry
-- read before it. KEYS[1] the mark; ARGV[1] the relay's consumer name.
redis.call('SET', KEYS[1], ARGV[1], 'PX', 60000)
return 'ok'
