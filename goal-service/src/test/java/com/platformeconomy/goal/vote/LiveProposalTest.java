package com.platformeconomy.goal.vote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pass rule and the deadline, without a server: quorum reached and yes/cast ≥ numerator/denominator. */
class LiveProposalTest {

    private static LiveProposal proposal(int quorum, int numerator, int denominator) {
        LiveProposal proposal = new LiveProposal();
        proposal.quorum = quorum;
        proposal.thresholdNumerator = numerator;
        proposal.thresholdDenominator = denominator;
        proposal.status = ProposalStatus.OPEN.wire();
        proposal.deadline = Instant.parse("2026-01-08T00:00:00Z");
        return proposal;
    }

    @Test
    void passesOnlyWithQuorumAndTwoThirds() {
        LiveProposal twoThirds = proposal(3, 2, 3);
        assertThat(twoThirds.passes(2, 2)).as("short of quorum").isFalse();
        assertThat(twoThirds.passes(2, 3)).as("exactly two thirds").isTrue();
        assertThat(twoThirds.passes(3, 3)).isTrue();
        assertThat(twoThirds.passes(1, 3)).isFalse();
        assertThat(twoThirds.passes(2, 4)).isFalse();
        assertThat(twoThirds.passes(5, 7)).isTrue();
        assertThat(twoThirds.passes(6, 10)).isFalse();
    }

    @Test
    void anOpenProposalExpiresAtItsDeadline() {
        LiveProposal open = proposal(3, 2, 3);
        assertThat(open.statusAt(open.deadline.minus(Duration.ofMillis(1)))).isEqualTo(ProposalStatus.OPEN.wire());
        assertThat(open.statusAt(open.deadline)).isEqualTo(ProposalStatus.EXPIRED.wire());
        open.status = ProposalStatus.PASSED.wire();
        assertThat(open.statusAt(open.deadline.plusSeconds(60))).isEqualTo(ProposalStatus.PASSED.wire());
    }
}
