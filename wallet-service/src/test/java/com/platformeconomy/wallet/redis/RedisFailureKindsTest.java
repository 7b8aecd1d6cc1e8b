package com.platformeconomy.wallet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.platform.problem.Unavailable;
import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.api.Test;

/**
 * platform's {@link Unavailable} names the Redis client's error type instead of depending on it:
 * held here, where the client is, to the failures the client really produces (as RedisFailoverTest
 * saw them in a failover).
 */
class RedisFailureKindsTest {

    @Test
    void theClientsOwnErrorsOfAStoreAwayAreTransientAndAScriptErrorIsNot() {
        assertThat(Unavailable.is(ErrorType.create("CLUSTERDOWN The cluster is down"))).isTrue();
        assertThat(Unavailable.is(ErrorType.create("CONNECTION_CLOSED"))).isTrue();
        assertThat(Unavailable.is(ErrorType.create("ERR [0] io.netty.channel.StacklessClosedChannelException\n"
                + "ERR [1] java.net.SocketException: Connection reset"))).isTrue();
        assertThat(Unavailable.is(ErrorType.create("ERR user_script:3: Script attempted to access a non local key"))).isFalse();
        assertThat(Unavailable.is(ErrorType.create("NOSCRIPT No matching script. Please use EVAL."))).isFalse();
    }
}
