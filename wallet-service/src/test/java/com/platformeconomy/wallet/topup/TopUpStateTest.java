package com.platformeconomy.wallet.topup;

import com.platformeconomy.testkit.state.LifecycleContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The top-up saga's life cycle (TopUp.State): every allowed move, every refused one, and the exact wire strings. */
class TopUpStateTest {

    private static final List<List<TopUp.State>> ALLOWED = List.of(
            List.of(TopUp.State.requested, TopUp.State.requires_payment),
            List.of(TopUp.State.requested, TopUp.State.captured),
            List.of(TopUp.State.requested, TopUp.State.failed),
            List.of(TopUp.State.requires_payment, TopUp.State.requested),
            List.of(TopUp.State.requires_payment, TopUp.State.captured),
            List.of(TopUp.State.requires_payment, TopUp.State.failed),
            List.of(TopUp.State.captured, TopUp.State.credited),
            List.of(TopUp.State.captured, TopUp.State.compensating),
            List.of(TopUp.State.compensating, TopUp.State.credited),
            List.of(TopUp.State.compensating, TopUp.State.refunded),
            List.of(TopUp.State.failed, TopUp.State.compensating));

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(TopUp.State.class, TopUp.State::valueOf, Map.of(
                TopUp.State.requested, "requested",
                TopUp.State.requires_payment, "requires_payment",
                TopUp.State.captured, "captured",
                TopUp.State.compensating, "compensating",
                TopUp.State.failed, "failed",
                TopUp.State.credited, "credited",
                TopUp.State.refunded, "refunded"), ALLOWED);
    }
}
