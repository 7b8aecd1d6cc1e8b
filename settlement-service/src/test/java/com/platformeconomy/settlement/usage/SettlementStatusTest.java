package com.platformeconomy.settlement.usage;

import com.platformeconomy.testkit.state.LifecycleContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SettlementStatus life cycle: every allowed move, every refused one, and the exact wire strings. */
class SettlementStatusTest {

    private static final List<List<SettlementStatus>> ALLOWED = List.of(
            List.of(SettlementStatus.PENDING, SettlementStatus.SETTLED),
            List.of(SettlementStatus.PENDING, SettlementStatus.WRITTEN_OFF),
            List.of(SettlementStatus.PENDING, SettlementStatus.NOT_PAYABLE));

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(SettlementStatus.class, SettlementStatus::of, Map.of(
                SettlementStatus.PENDING, "pending",
                SettlementStatus.SETTLED, "settled",
                SettlementStatus.WRITTEN_OFF, "written_off",
                SettlementStatus.NOT_PAYABLE, "not_payable"), ALLOWED);
    }
}
