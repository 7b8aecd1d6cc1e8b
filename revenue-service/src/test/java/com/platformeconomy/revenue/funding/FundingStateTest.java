package com.platformeconomy.revenue.funding;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.testkit.state.LifecycleContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FundingState life cycle: every allowed move, every refused one, and the exact wire strings. */
class FundingStateTest {

    private static final List<List<FundingState>> ALLOWED = List.of(
            List.of(FundingState.REQUESTED, FundingState.ACTIVE),
            List.of(FundingState.REQUESTED, FundingState.REFUSED),
            List.of(FundingState.REQUESTED, FundingState.STOPPED),
            List.of(FundingState.ACTIVE, FundingState.STOPPED));

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(FundingState.class, FundingState::of, Map.of(
                FundingState.REQUESTED, "requested",
                FundingState.ACTIVE, "active",
                FundingState.STOPPED, "stopped",
                FundingState.REFUSED, "refused"), ALLOWED);
    }

    @Test
    void openDecisionsAreRequestedOrActive() {
        assertThat(FundingState.sqlList(FundingState::isOpen)).isEqualTo("'requested', 'active'");
    }
}
