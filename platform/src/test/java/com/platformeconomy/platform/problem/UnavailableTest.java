package com.platformeconomy.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A store away for now is answered 503 service_unavailable; anything else that fails stays a 500. */
class UnavailableTest {

    @Test
    void aRefusedOrLostConnectionIsAStoreAwayForNow() {
        assertThat(Unavailable.is(new ConnectException("Connection refused"))).isTrue();
        assertThat(Unavailable.is(ClosedConnectionException.INSTANCE)).isTrue();
        // A client's pool full of busy connections with its queue of waiters full (nothing was sent).
        assertThat(Unavailable.is(new io.vertx.core.http.ConnectionPoolTooBusyException(
                "Connection pool reached max wait queue size of 4096"))).isTrue();
        // However deep the client or Hibernate wrapped it.
        assertThat(Unavailable.is(new IllegalStateException("session failed",
                new CompletionException(new ConnectException("Connection refused"))))).isTrue();
    }

    @Test
    void postgresConnectionClassErrorsAreAStoreAwayButOtherSqlErrorsAreNot() {
        assertThat(Unavailable.is(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)))
                .isTrue();
        assertThat(Unavailable.is(new PgException("the database system is starting up", "FATAL", "57P03", null))).isTrue();
        assertThat(Unavailable.is(new PgException("connection failure", "FATAL", "08006", null))).isTrue();
        // A constraint violation or a syntax error is a bug or a refusal, not an outage.
        assertThat(Unavailable.is(new PgException("duplicate key value", "ERROR", "23505", null))).isFalse();
        assertThat(Unavailable.is(new PgException("syntax error", "ERROR", "42601", null))).isFalse();
    }

    @Test
    void redisRepliesThatMeanNotNowAreAStoreAwayAndAFailedPipelineOnlyWhenEveryRequestLostItsConnection() {
        // As the Vert.x Redis client words them (seen in RedisFailoverTest's failover).
        assertThat(Unavailable.redisSaysAway("CLUSTERDOWN The cluster is down")).isTrue();
        assertThat(Unavailable.redisSaysAway("CONNECTION_CLOSED")).isTrue();
        assertThat(Unavailable.redisSaysAway("ERR [0] io.netty.channel.StacklessClosedChannelException\n"
                + "ERR [1] io.netty.channel.StacklessClosedChannelException")).isTrue();
        assertThat(Unavailable.redisSaysAway("ERR [0] java.net.SocketException: Connection reset\nERR [1] CONNECTION_CLOSED"))
                .isTrue();
        // Just after a failover: the pipeline went to the old master, now a replica.
        assertThat(Unavailable.redisSaysAway("ERR [0] MOVED 3696 127.0.0.1:13490\nERR [1] WAIT cannot be used with replica "
                + "instances. Please also note that since Redis 4.0 if a replica is configured to be writable")).isTrue();
        // A master killed while a script's WAIT waited on the node that was then turned into a replica
        // (RedisFailoverTest with buckets, answered 500 before UNBLOCKED counted): the script's fate is unknown.
        assertThat(Unavailable.redisSaysAway("ERR [0] CLUSTERDOWN The cluster is down\nERR [1] UNBLOCKED force unblock from "
                + "blocking operation, instance state changed (master -> replica?)")).isTrue();
        assertThat(Unavailable.redisSaysAway("UNBLOCKED force unblock from blocking operation, instance state changed "
                + "(master -> replica?)")).isTrue();
        // The client fails a pipeline's requests from more than one thread into one StringBuilder, so the
        // lines can come in any order, run together with the separator lost or at the end (stop 40's CI).
        assertThat(Unavailable.redisSaysAway("ERR [1] WAIT cannot be used with replica instances. Please also note that since"
                + " Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just"
                + " local and are not propagated.ERR [0] MOVED 3696 127.0.0.1:15904" + System.lineSeparator())).isTrue();
        assertThat(Unavailable.redisSaysAway("ERR [1] CONNECTION_CLOSEDERR [0] java.net.SocketException: Connection reset"))
                .isTrue();
        assertThat(Unavailable.redisSaysAway("ERR [1] ERR user_script:12: attempt to compareERR [0] CONNECTION_CLOSED\n"))
                .isFalse();
        // A script's own error, alone or in a pipeline, is a bug: 500.
        assertThat(Unavailable.redisSaysAway("ERR user_script:12: attempt to compare nil with number")).isFalse();
        assertThat(Unavailable.redisSaysAway("ERR [0] CONNECTION_CLOSED\nERR [1] ERR user_script:12: attempt to compare"))
                .isFalse();
        assertThat(Unavailable.redisSaysAway("WRONGTYPE Operation against a key holding the wrong kind of value")).isFalse();
        assertThat(Unavailable.is(new io.vertx.core.impl.NoStackTraceThrowable("Connection is closed"))).isTrue();
        assertThat(Unavailable.is(new io.vertx.core.impl.NoStackTraceThrowable("Timeout"))).isFalse();
    }

    /**
     * A full Redis (maxmemory with noeviction: records expire and room comes back) refuses a write
     * for now; Redis checks before a script's first write, so a script refused so wrote nothing and
     * the same request again gets its outcome. A top-up credit refused so must wait for room, not be
     * refunded as if it could never land (TopUpSaga.mayPass). The texts are Redis 6.2.6's (the local
     * stack's binary, run at maxmemory 2mb): a plain write, and a script's first write.
     */
    @Test
    void aFullRedisRefusingAWriteIsAStoreAwayForNow() {
        assertThat(Unavailable.redisSaysAway("OOM command not allowed when used memory > 'maxmemory'.")).isTrue();
        assertThat(Unavailable.redisSaysAway("ERR Error running script (call to f_9bbf1ff93e31f3103291317468e5af9beafeff5d): "
                + "@user_script:1: @user_script: 1: -OOM command not allowed when used memory > 'maxmemory'.")).isTrue();
        assertThat(Unavailable.redisSaysAway("ERR [0] ERR Error running script (call to f_9bbf): @user_script:1: @user_script: 1: "
                + "-OOM command not allowed when used memory > 'maxmemory'.\nERR [1] OOM command not allowed when used memory > "
                + "'maxmemory'.")).isTrue();
        // A script's own words about memory are still its own error.
        assertThat(Unavailable.redisSaysAway("ERR user_script:3: OOM in my own table")).isFalse();
    }

    @Test
    void aBugIsNotAnOutage() {
        assertThat(Unavailable.is(new NullPointerException())).isFalse();
        assertThat(Unavailable.is(new IllegalStateException("Connection refused"))).as("only the type says it, not a message")
                .isFalse();
    }

    @Test
    void theMapperAnswersAStoreAwayWith503AndABugWith500() {
        Problem away = ProblemMapper.toProblem(new CompletionException(new ConnectException("Connection refused")).getCause());
        assertThat(away.status()).isEqualTo(503);
        assertThat(away.code()).isEqualTo("service_unavailable");
        assertThat(ErrorCode.SERVICE_UNAVAILABLE.isTransient()).isTrue();
        Problem bug = ProblemMapper.toProblem(new NullPointerException());
        assertThat(bug.status()).isEqualTo(500);
        assertThat(bug.code()).isEqualTo("internal_error");
    }
}
