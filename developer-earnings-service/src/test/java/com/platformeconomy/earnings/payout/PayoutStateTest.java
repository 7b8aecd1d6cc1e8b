package com.platformeconomy.earnings.payout;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.testkit.state.LifecycleContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PayoutState life cycle: every allowed move, every refused one, and the exact wire strings. */
class PayoutStateTest {

    private static final List<List<PayoutState>> ALLOWED = List.of(
            List.of(PayoutState.REQUESTED, PayoutState.APPROVED),
            List.of(PayoutState.REQUESTED, PayoutState.REJECTED),
            List.of(PayoutState.APPROVED, PayoutState.PAID));

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(PayoutState.class, PayoutState::of, Map.of(
                PayoutState.REQUESTED, "requested",
                PayoutState.APPROVED, "approved",
                PayoutState.REJECTED, "rejected",
                PayoutState.PAID, "paid"), ALLOWED);
    }

    @Test
    void theSqlListsNameTheStatesThatHoldOrPayTokens() {
        assertThat(PayoutState.sqlList(PayoutState::holdsTokens)).isEqualTo("'requested', 'approved', 'paid'");
        assertThat(PayoutState.sqlList(PayoutState::paidOut)).isEqualTo("'approved', 'paid'");
    }
}
