package com.platformeconomy.wallet.redis;

import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.WalletApi;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A request can wait in the Redis client's queue behind a frozen node long after its caller gave up
 * (Answered: 503 after wallet.redis.answer-timeout) and sent it again. Once the second one's record
 * has expired (a caller's id is remembered for the 15-minute window), the first, reaching Redis at
 * last, would move the tokens a second time. So a charge or a transfer carries a deadline
 * (wallet.redis.late-after past its sending) and refuses past it before any write.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class LateRequestTest {

    @Inject
    LuaScripts scripts;

    @Inject
    Keys keys;

    @Inject
    Redis redis;

    @Test
    void aTransferThatReachesRedisAfterItsDeadlineMovesNothing() {
        String user = newUser();
        String eventId = newEventId();
        Keys.Bucket bucket = keys.of(user);
        String treasury = "platform:treasury";
        List<String> keyList = List.of(bucket.event(eventId), bucket.wallet(treasury), bucket.wallet(user), bucket.billingStream(),
                bucket.seq(), bucket.accounts());
        // The arguments WalletService sends for a credit, the deadline last.
        Function<String, List<String>> credit = deadline -> List.of("late-test-fingerprint", "900", eventId, "credit", treasury, user,
                "250", "1", "test", "late", "admin:tests", "", "0", bucket.stride(), deadline);

        assertThatThrownBy(() -> scripts.run(Script.TRANSFER, keyList, credit.apply(Long.toString(System.currentTimeMillis() - 1)))
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(ApiException.class).hasMessageContaining("after its deadline").hasMessageContaining("nothing moved");
        assertThat(balance(user)).as("balance after a late credit").isZero();
        Response record = redis.send(Request.cmd(Command.GET).arg(bucket.event(eventId))).await().atMost(Duration.ofSeconds(10));
        assertThat(record).as("the late credit's record").isNull();

        // Without a deadline (arguments shifted by a change): an error, not "no deadline".
        assertThatThrownBy(() -> scripts.run(Script.TRANSFER, keyList, credit.apply("").subList(0, 14))
                .await().atMost(Duration.ofSeconds(10))).hasMessageContaining("the deadline is missing");
        assertThat(balance(user)).isZero();

        // The same credit within its deadline moves once.
        Response moved = scripts.run(Script.TRANSFER, keyList, credit.apply(scripts.deadline())).await().atMost(Duration.ofSeconds(10));
        assertThat(moved.get(0).toString()).isEqualTo("ok");
        assertThat(balance(user)).isEqualTo(250);

        // A hold past its deadline reserves nothing and leaves no record (a late one would lock the tokens again).
        String holdId = "hold-" + newEventId();
        List<String> holdKeys = List.of(bucket.hold(holdId), bucket.wallet(user), bucket.holdExpiry(), bucket.holdStats(), bucket.seq());
        Function<String, List<String>> hold = deadline -> List.of("late-hold-fingerprint", holdId, user, "100", "test", "", "60", "900",
                deadline, user);
        assertThatThrownBy(() -> scripts.run(Script.HOLD, holdKeys, hold.apply(Long.toString(System.currentTimeMillis() - 1)))
                .await().atMost(Duration.ofSeconds(10))).isInstanceOf(ApiException.class).hasMessageContaining("after its deadline");
        assertThat(redis.send(Request.cmd(Command.HMGET).arg(bucket.hold(holdId)).arg("state")).await().atMost(Duration.ofSeconds(10))
                .get(0)).as("the late hold's record").isNull();
        assertThat(WalletApi.available(user)).as("available after a late hold").isEqualTo(250);
    }
}
