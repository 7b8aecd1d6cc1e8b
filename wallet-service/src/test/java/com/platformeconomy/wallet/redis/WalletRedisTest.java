package com.platformeconomy.wallet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What WalletRedis reads from Redis' answers and builds its nodes' URLs from, without Redis. */
class WalletRedisTest {

    @Test
    void aMovedAnswerNamesTheNodeThatServesTheSlotNow() {
        assertThat(WalletRedis.movedTo(new RuntimeException("MOVED 3999 127.0.0.1:6381"))).isEqualTo("127.0.0.1:6381");
        // A failed pipeline's summary, as the client writes it (one "ERR [i] …" per request, in any order).
        assertThat(WalletRedis.movedTo(new RuntimeException("ERR [1] WAIT cannot be used with replica instances.\\n"
                + "ERR [0] MOVED 12 10.0.0.7:6379\\n"))).isEqualTo("10.0.0.7:6379");
        assertThat(WalletRedis.movedTo(new RuntimeException("ERR [1] NOSCRIPT x.ERR [0] MOVED 12 10.0.0.7:6379ERR [2] y")))
                .isEqualTo("10.0.0.7:6379");
        assertThat(WalletRedis.movedTo(new RuntimeException("MOVED 3999 ::1:6381"))).isEqualTo("[::1]:6381");
        assertThat(WalletRedis.movedTo(new RuntimeException("MOVED 3999 [::1]:6381"))).isEqualTo("[::1]:6381");
        // Not a redirection, or one without an address to go to: the caller's failure as it is.
        assertThat(WalletRedis.movedTo(new RuntimeException("CLUSTERDOWN The cluster is down"))).isNull();
        assertThat(WalletRedis.movedTo(new RuntimeException("ERR [0] ASK 12 10.0.0.7:6379"))).isNull();
        assertThat(WalletRedis.movedTo(new RuntimeException("MOVED 12 :6379"))).isNull();
        assertThat(WalletRedis.movedTo(new RuntimeException((String) null))).isNull();
    }

    @Test
    void aNodesUrlCarriesTheConfiguredCredentials() {
        assertThat(WalletRedis.nodeUrl("redis://wallet-service:s%40cret@redis-0:6379", "10.0.0.7:6380"))
                .isEqualTo("redis://wallet-service:s%40cret@10.0.0.7:6380");
        assertThat(WalletRedis.nodeUrl("rediss://redis-0:6379", "10.0.0.7:6380")).isEqualTo("rediss://10.0.0.7:6380");
    }
}
