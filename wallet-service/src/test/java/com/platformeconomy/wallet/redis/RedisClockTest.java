package com.platformeconomy.wallet.redis;

import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every movement carries a deadline (LuaScripts.deadline) that Redis checks against its own clock
 * (common.lua refuse_if_late): a request held in the client's queue past its caller's retry must not
 * run after that retry's record expired. The deadline is made in Redis' time from the wallet's
 * readings of it (RedisClock); a host whose clock is past wallet.redis.clock-tolerance from the
 * wallet's is a fault: the wallet is not ready and moves nothing.
 *
 * <p>Redis' clock cannot be moved from here; the wallet's is: this profile runs the wallet 2 minutes
 * ahead of Redis (Redis behind: the direction in which a deadline in the wallet's time would have run
 * late).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(RedisClockTest.WalletAheadOfRedis.class)
class RedisClockTest {

    static final Duration AHEAD = Duration.ofMinutes(2);

    public static class WalletAheadOfRedis implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(AheadClock.class);
        }
    }

    /** The wallet's clock, two minutes ahead of the machine's (and so of Redis'). */
    @Alternative
    public static class AheadClock {
        @Produces
        @Singleton
        Clock clock() {
            return Clock.offset(Clock.systemUTC(), AHEAD);
        }
    }

    @Inject
    Redis redis;

    @Inject
    Keys keys;

    @Test
    void aWalletWhoseClockIsFarFromRedisIsNotReadyAndMovesNothing() {
        // Measured every few seconds (and at start): the offset reads about -2 minutes (Redis behind).
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath ready = given().when().get("/q/health/ready").then().statusCode(503).extract().jsonPath();
            assertThat(ready.getString("checks.find { it.name == 'Redis clock' }.status")).isEqualTo("DOWN");
            long offset = ready.getLong("checks.find { it.name == 'Redis clock' }.data.offset_ms");
            assertThat(offset).isBetween(-AHEAD.toMillis() - 2_000, -AHEAD.toMillis() + 2_000);
        });

        String user = newUser();
        String eventId = newEventId();
        credit(user, eventId, 500).statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("service_unavailable")).body("detail", containsString("wallet.redis.clock-tolerance"))
                .body("detail", containsString("behind the wallet's"));
        assertThat(balance(user)).as("balance after a credit refused for the clock").isZero();
        Keys.Bucket bucket = keys.of(user);
        assertThat(redis.send(Request.cmd(Command.GET).arg(bucket.event(eventId))).await().atMost(Duration.ofSeconds(10)))
                .as("the refused credit's record").isNull();

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^wallet_redis_clock_offset_milliseconds -1[12]\\d{4}\\.\\d+$");
    }
}
