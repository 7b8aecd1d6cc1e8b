package com.platformeconomy.wallet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The buckets' keys and numbering (redis/Keys), without Redis. */
class KeysTest {

    @Test
    void oneBucketKeepsTheKeysTheyAlwaysWere() {
        Keys standalone = new Keys("standalone", 1);
        assertThat(standalone.of("user:a").wallet("user:a")).isEqualTo("pes:wallet:user:a");
        assertThat(standalone.of("platform:revenue").seq()).isEqualTo("pes:billing:seq");
        assertThat(standalone.bucket(0).stride()).isEqualTo("1");
        assertThat(standalone.bucket(0).emptyCounter()).isZero();
        Keys cluster = new Keys("cluster", 1);
        assertThat(cluster.of("user:a").billingStream()).isEqualTo("pes:{w}:billing");
        assertThat(cluster.bucket(0).numbered(1)).isTrue();
        assertThat(cluster.bucket(0).movementsUpTo(7)).isEqualTo(7);
    }

    @Test
    void theHashIsRedisClustersCrc16() {
        // The check value of CRC16/XMODEM, which Redis Cluster's specification gives for "123456789".
        assertThat(Keys.crc16("123456789")).isEqualTo(0x31C3);
        Keys sixteen = new Keys("cluster", 16);
        assertThat(sixteen.of("user:alice").index()).isEqualTo(Keys.crc16("user:alice") % 16);
        assertThat(sixteen.of("user:alice").wallet("user:alice")).startsWith("pes:{b" + sixteen.of("user:alice").index() + "}:");
    }

    @Test
    void eachBucketNumbersItsOwnSeqsAndNoTwoShareOne() {
        Keys keys = new Keys("cluster", 4);
        Set<Long> seen = new HashSet<>();
        for (Keys.Bucket bucket : keys.all()) {
            long counter = bucket.emptyCounter();
            for (int k = 0; k < 100; k++) {
                counter += Long.parseLong(bucket.stride()); // what next_seq's INCRBY does
                assertThat(bucket.numbered(counter)).isTrue();
                assertThat(keys.ofSeq(counter)).isSameAs(bucket);
                assertThat(seen.add(counter)).as("seq %d given once", counter).isTrue();
                assertThat(bucket.movementsUpTo(counter)).isEqualTo(k + 1);
            }
            assertThat(bucket.movementsUpTo(bucket.emptyCounter())).isZero();
            assertThat(bucket.numbered(0)).isFalse();
        }
        // Together the buckets number 1..400 without a gap.
        for (long seq = 1; seq <= 400; seq++) {
            assertThat(seen).contains(seq);
        }
    }

    @Test
    void aBucketsTagsSpreadOverTheSlotRanges() {
        // 256 buckets over three equal ranges of the 16,384 slots (a cluster of three masters).
        Keys keys = new Keys("cluster", 256);
        int[] perThird = new int[3];
        for (Keys.Bucket bucket : keys.all()) {
            String tag = LuaScripts.hashTag(bucket.seq());
            assertThat(LuaScripts.hashTag(bucket.wallet("user:x"))).isEqualTo(tag);
            perThird[Math.min(2, (Keys.crc16(tag) % 16384) * 3 / 16384)]++;
        }
        for (int n : perThird) {
            assertThat(n).as("buckets per third of the slots %s", java.util.Arrays.toString(perThird)).isBetween(64, 107);
        }
    }

    @Test
    void aKeysSlotIsItsHashTagsCrc16Mod16384() {
        // Redis' CLUSTER KEYSLOT documentation: "somekey" is in slot 11058, "foo{hash_tag}" in 2515.
        assertThat(Keys.slot("somekey")).isEqualTo(11058);
        assertThat(Keys.slot("foo{hash_tag}")).isEqualTo(2515);
        assertThat(Keys.slot("pes:{b3}:wallet:user:a")).isEqualTo(Keys.slot("b3")).isEqualTo(Keys.slot("pes:{b3}:billing"));
        // An empty tag is no tag: the whole key is hashed.
        assertThat(Keys.slot("pes:{}:x")).isEqualTo(Keys.crc16("pes:{}:x") & 16383);
    }

    @Test
    void aKeysHashTagIsWhatRedisClusterPlacesItBy() {
        assertThat(LuaScripts.hashTag("pes:{b12}:wallet:user:a")).isEqualTo("b12");
        assertThat(LuaScripts.hashTag("pes:{w}:event:x")).isEqualTo("w");
        assertThat(LuaScripts.hashTag("pes:wallet:user:a")).isEmpty();
        assertThat(LuaScripts.hashTag("pes:{}:x")).isEmpty();
        // The mark a pipeline writes before its WAIT lies in the slot of the pipeline's keys.
        for (Keys.Bucket bucket : new Keys("cluster", 16).all()) {
            assertThat(Keys.crc16(LuaScripts.hashTag(LuaScripts.replicatedMark(bucket.wallet("user:a")))))
                    .isEqualTo(Keys.crc16(LuaScripts.hashTag(bucket.seq())));
        }
        assertThat(LuaScripts.replicatedMark(new Keys("cluster", 1).bucket(0).seq())).isEqualTo("pes:{w}:replicated");
        assertThat(LuaScripts.replicatedMark(new Keys("standalone", 1).bucket(0).seq())).isEqualTo("pes:replicated");
    }

    @Test
    void aBucketCountOutsideOneToTheSlotsIsRefused() {
        assertThatThrownBy(() -> new Keys("cluster", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keys("cluster", Keys.MAX_BUCKETS + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
