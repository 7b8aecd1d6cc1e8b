package com.platformeconomy.goal.vote;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A proposal to let a goal trade live: the constitutional vote (seeds/000). Its quorum, threshold
 * and deadline are fixed when it opens.
 */
@Entity
@Table(name = "live_proposal")
public class LiveProposal extends PanacheEntityBase {

    public static final String OPEN = "open";
    public static final String PASSED = "passed";
    public static final String EXPIRED = "expired";

    @Id
    @Column(name = "proposal_id")
    public String proposalId;
    @Column(name = "goal_id")
    public String goalId;
    @Column(name = "opened_by")
    public String openedBy;
    @Column(name = "opened_at")
    public Instant openedAt;
    public Instant deadline;
    public int quorum;
    @Column(name = "threshold_numerator")
    public int thresholdNumerator;
    @Column(name = "threshold_denominator")
    public int thresholdDenominator;
    public String status;
    @Column(name = "decided_at")
    public Instant decidedAt;

    /** Whether the deadline has passed at {@code now}: votes are taken strictly before it. */
    boolean isPastDeadline(Instant now) {
        return !now.isBefore(deadline);
    }

    /** The status as of {@code now}: an open proposal past its deadline has expired even before anyone records it. */
    String statusAt(Instant now) {
        return OPEN.equals(status) && isPastDeadline(now) ? EXPIRED : status;
    }

    /** Quorum reached and yes/cast at least the threshold, compared in integers. */
    boolean passes(long yes, long cast) {
        return cast >= quorum && yes * thresholdDenominator >= (long) thresholdNumerator * cast;
    }
}
