package com.platformeconomy.goal.vote;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.goal.config.GoalConfig;
import com.platformeconomy.goal.goal.GoalEvents;
import com.platformeconomy.goal.goal.GoalService;
import com.platformeconomy.goal.goal.GoalMode;
import com.platformeconomy.goal.goal.TradingGoal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * The constitutional vote that alone puts a goal into live mode: a proposal with a quorum, a
 * threshold and a deadline; each eligible voter votes once; the goal goes live the moment the
 * votes cast before the deadline reach the quorum with a yes share at or above the threshold.
 */
@ApplicationScoped
public class VoteService {

    private final GoalConfig config;
    private final GoalEvents events;
    private final Counter votesCast;
    private final Counter proposalsPassed;

    public VoteService(GoalConfig config, GoalEvents events, MeterRegistry registry) {
        this.config = config;
        this.events = events;
        this.votesCast = Counter.builder("goals.live_votes").description("live-trading votes counted").register(registry);
        this.proposalsPassed = Counter.builder("goals.live_proposals.passed")
                .description("live-trading proposals that passed").register(registry);
    }

    /** Opens a vote on letting the goal trade live. One open proposal per goal; an expired one may be followed by a new one. */
    @WithTransaction
    public Uni<ProposalView> open(String goalId, String openedBy) {
        Instant now = Instant.now();
        return GoalService.lock(goalId).chain(goal -> {
            if (!goal.isActive()) {
                return Uni.createFrom().failure(notActive(goal));
            }
            if (goal.isLive()) {
                return Uni.createFrom().failure(alreadyLive(goal));
            }
            return openProposal(goalId).chain(existing -> {
                if (existing != null && !existing.isPastDeadline(now)) {
                    return Uni.createFrom().<ProposalView>failure(new ApiException(ErrorCode.PROPOSAL_OPEN,
                            "Goal " + goalId + " already has an open proposal, " + existing.proposalId + "."));
                }
                Uni<Void> retired = Uni.createFrom().voidItem();
                if (existing != null) {
                    existing.moveTo(ProposalStatus.EXPIRED);
                    existing.decidedAt = existing.deadline;
                    // Written before the new proposal: at most one open proposal per goal is a database rule.
                    retired = Panache.getSession().chain(session -> session.flush());
                }
                LiveProposal proposal = new LiveProposal();
                proposal.proposalId = UUID.randomUUID().toString();
                proposal.goalId = goalId;
                proposal.openedBy = openedBy;
                proposal.openedAt = now;
                proposal.deadline = now.plus(config.vote().deadline());
                proposal.quorum = config.vote().quorum();
                proposal.thresholdNumerator = config.vote().thresholdNumerator();
                proposal.thresholdDenominator = config.vote().thresholdDenominator();
                proposal.status = ProposalStatus.OPEN.wire();
                return retired.chain(() -> proposal.persistAndFlush())
                        .map(ignored -> ProposalView.of(proposal, 0, 0, goal.mode, now));
            });
        });
    }

    /** Counts {@code voter}'s vote on the goal's open proposal, and makes the goal live if the proposal now passes. */
    @WithTransaction
    public Uni<ProposalView> vote(String goalId, String voter, boolean approve) {
        Instant now = Instant.now();
        // The goal lock orders votes, trades and stops on one goal: a goal cannot go live and stop at once.
        return GoalService.lock(goalId).chain(goal -> {
            if (!goal.isActive()) {
                return Uni.createFrom().failure(notActive(goal));
            }
            return openProposal(goalId).chain(proposal -> {
                if (proposal == null) {
                    return Uni.createFrom().<ProposalView>failure(goal.isLive() ? alreadyLive(goal)
                            : new ApiException(ErrorCode.NO_OPEN_PROPOSAL, "Goal " + goalId + " has no open live-trading proposal."));
                }
                if (proposal.isPastDeadline(now)) {
                    return Uni.createFrom().<ProposalView>failure(new ApiException(ErrorCode.PROPOSAL_EXPIRED,
                            "Proposal " + proposal.proposalId + " closed at " + proposal.deadline + " without passing."));
                }
                return LiveVote.<LiveVote>findById(new LiveVote.Key(proposal.proposalId, voter)).chain(earlier -> {
                    if (earlier != null) {
                        return Uni.createFrom().<ProposalView>failure(new ApiException(ErrorCode.ALREADY_VOTED,
                                voter + " already voted on proposal " + proposal.proposalId + "; one vote each."));
                    }
                    LiveVote cast = new LiveVote();
                    cast.proposalId = proposal.proposalId;
                    cast.voter = voter;
                    cast.approve = approve;
                    cast.castAt = now;
                    return cast.persistAndFlush()
                            .invoke(() -> votesCast.increment())
                            .chain(() -> tally(proposal))
                            .chain(tally -> decide(goal, proposal, tally, now));
                });
            });
        });
    }

    /** The goal's latest proposal, open or decided. */
    @WithSession
    public Uni<ProposalView> latest(String goalId) {
        Instant now = Instant.now();
        return TradingGoal.<TradingGoal>findById(goalId)
                .onItem().ifNull().failWith(() -> GoalService.notFound(goalId))
                .chain(goal -> LiveProposal.<LiveProposal>find("goalId", Sort.descending("openedAt"), goalId).firstResult()
                        .onItem().ifNull().failWith(() -> new ApiException(ErrorCode.NO_PROPOSAL,
                                "Goal " + goalId + " has never had a live-trading proposal."))
                        .chain(proposal -> tally(proposal)
                                .map(tally -> ProposalView.of(proposal, tally.yes(), tally.no(), goal.mode, now))));
    }

    private record Tally(long yes, long no) {
    }

    private static Uni<LiveProposal> openProposal(String goalId) {
        return LiveProposal.<LiveProposal>find("goalId = ?1 and status = ?2", goalId, ProposalStatus.OPEN.wire()).firstResult();
    }

    private static Uni<Tally> tally(LiveProposal proposal) {
        return LiveVote.count("proposalId = ?1 and approve = true", proposal.proposalId)
                .chain(yes -> LiveVote.count("proposalId = ?1 and approve = false", proposal.proposalId)
                        .map(no -> new Tally(yes, no)));
    }

    private Uni<ProposalView> decide(TradingGoal goal, LiveProposal proposal, Tally tally, Instant now) {
        if (!proposal.passes(tally.yes(), tally.yes() + tally.no())) {
            return Uni.createFrom().item(ProposalView.of(proposal, tally.yes(), tally.no(), goal.mode, now));
        }
        proposal.moveTo(ProposalStatus.PASSED);
        proposal.decidedAt = now;
        goal.moveTo(GoalMode.LIVE);
        goal.updatedAt = now;
        proposalsPassed.increment();
        return events.changed(goal, GoalEvents.WENT_LIVE)
                .map(ignored -> ProposalView.of(proposal, tally.yes(), tally.no(), goal.mode, now));
    }

    private static ApiException notActive(TradingGoal goal) {
        return new ApiException(ErrorCode.GOAL_NOT_ACTIVE, "Goal " + goal.goalId + " is " + goal.status + ".");
    }

    private static ApiException alreadyLive(TradingGoal goal) {
        return new ApiException(ErrorCode.ALREADY_LIVE, "Goal " + goal.goalId + " already trades live.");
    }
}
