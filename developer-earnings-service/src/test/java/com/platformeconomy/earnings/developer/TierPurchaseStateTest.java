package com.platformeconomy.earnings.developer;

import com.platformeconomy.testkit.state.LifecycleContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TierPurchaseState life cycle: every allowed move, every refused one, and the exact wire strings. */
class TierPurchaseStateTest {

    private static final List<List<TierPurchaseState>> ALLOWED = List.of(
            List.of(TierPurchaseState.PENDING, TierPurchaseState.COMPLETED),
            List.of(TierPurchaseState.PENDING, TierPurchaseState.REFUSED));

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(TierPurchaseState.class, TierPurchaseState::of, Map.of(
                TierPurchaseState.PENDING, "pending",
                TierPurchaseState.COMPLETED, "completed",
                TierPurchaseState.REFUSED, "refused"), ALLOWED);
    }
}
