package com.platformeconomy.goal.vote;

import java.time.Instant;

/** A live-trading proposal and its count so far. {@code goal_mode} is live once it passed. */
public record ProposalView(
        String proposalId, String goalId, String status, String openedBy, Instant openedAt, Instant deadline,
        int quorum, int thresholdNumerator, int thresholdDenominator, long yesVotes, long noVotes, String goalMode) {

    static ProposalView of(LiveProposal proposal, long yes, long no, String goalMode, Instant now) {
        return new ProposalView(proposal.proposalId, proposal.goalId, proposal.statusAt(now), proposal.openedBy,
                proposal.openedAt, proposal.deadline, proposal.quorum, proposal.thresholdNumerator,
                proposal.thresholdDenominator, yes, no, goalMode);
    }
}
