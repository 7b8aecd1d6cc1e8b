package com.platformeconomy.wallet.hold;

import com.platformeconomy.testkit.state.LifecycleContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HoldState life cycle: every allowed move, every refused one, and the exact wire strings. */
class HoldStateTest {

    private static final List<List<HoldState>> ALLOWED = List.of(
            List.of(HoldState.ACTIVE, HoldState.CAPTURED),
            List.of(HoldState.ACTIVE, HoldState.RELEASED),
            List.of(HoldState.ACTIVE, HoldState.EXPIRED));

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(HoldState.class, HoldState::of, Map.of(
                HoldState.ACTIVE, "active",
                HoldState.REFUSED, "refused",
                HoldState.CAPTURED, "captured",
                HoldState.RELEASED, "released",
                HoldState.EXPIRED, "expired"), ALLOWED);
    }
}
