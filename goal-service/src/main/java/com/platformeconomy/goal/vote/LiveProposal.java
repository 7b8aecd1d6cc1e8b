package com.platformeconomy.goal.vote;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/**
 * A proposal to let a goal trade live: the constitutional vote (seeds/000). Its quorum, threshold
 * and deadline are fixed when it opens.
 */
@Entity
public class LiveProposal extends PanacheEntityBase {

    @Id
    public String proposalId;
    public String goalId;
    public String openedBy;
    public Instant openedAt;
    public Instant deadline;
    public int quorum;
    public int thresholdNumerator;
    public int thresholdDenominator;
    public String status;
    public Instant decidedAt;

    public ProposalStatus status() {
        return ProposalStatus.of(status);
    }

    /** Moves the proposal's status; a move its life cycle forbids throws (Lifecycle.ForbiddenTransition). */
    void moveTo(ProposalStatus next) {
        status = status().moveTo(next).wire();
    }

    /** Whether the deadline has passed at {@code now}: votes are taken strictly before it. */
    boolean isPastDeadline(Instant now) {
        return !now.isBefore(deadline);
    }

    /** The status as of {@code now}: an open proposal past its deadline has expired even before anyone records it. */
    String statusAt(Instant now) {
        return status() == ProposalStatus.OPEN && isPastDeadline(now) ? ProposalStatus.EXPIRED.wire() : status;
    }

    /** Quorum reached and yes/cast at least the threshold, compared in integers. */
    boolean passes(long yes, long cast) {
        return cast >= quorum && yes * thresholdDenominator >= (long) thresholdNumerator * cast;
    }
}
