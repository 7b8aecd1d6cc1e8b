-- How many Redis buckets the movements are numbered in (wallet.redis.buckets, redis/Keys): a seq
-- names its bucket ((seq - 1) mod N), so the count is fixed for a deployment's life. Written when
-- the counters are made; every deployment from before buckets has one.
ALTER TABLE movement_counter ADD COLUMN buckets INTEGER NOT NULL DEFAULT 1 CHECK (buckets >= 1);
