package com.platformeconomy.goal.vote;

import com.platformeconomy.testkit.state.LifecycleContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ProposalStatus life cycle: every allowed move, every refused one, and the exact wire strings. */
class ProposalStatusTest {

    private static final List<List<ProposalStatus>> ALLOWED = List.of(
            List.of(ProposalStatus.OPEN, ProposalStatus.PASSED),
            List.of(ProposalStatus.OPEN, ProposalStatus.EXPIRED));

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(ProposalStatus.class, ProposalStatus::of, Map.of(
                ProposalStatus.OPEN, "open",
                ProposalStatus.PASSED, "passed",
                ProposalStatus.EXPIRED, "expired"), ALLOWED);
    }
}
