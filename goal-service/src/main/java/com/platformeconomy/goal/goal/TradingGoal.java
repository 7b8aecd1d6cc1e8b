package com.platformeconomy.goal.goal;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.Objects;

/** A trading goal: what it may spend, how much it may lose, and whether it trades on paper or live (SPEC §7). */
@Entity
public class TradingGoal extends PanacheEntityBase {

    @Id
    public String goalId;
    public String requestId;
    public String type;
    public String title;
    public String strategy;
    public String market;
    public long budgetTokens;
    public int maxLossPercent;
    public String mode;
    public String status;
    public String fundingSource;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;

    public GoalStatus status() {
        return GoalStatus.of(status);
    }

    public GoalMode mode() {
        return GoalMode.of(mode);
    }

    /** Moves the goal's status; a move its life cycle forbids throws (Lifecycle.ForbiddenTransition). */
    public void moveTo(GoalStatus next) {
        status = status().moveTo(next).wire();
    }

    /** Moves the goal's mode; a move its life cycle forbids throws (Lifecycle.ForbiddenTransition). */
    public void moveTo(GoalMode next) {
        mode = mode().moveTo(next).wire();
    }

    public boolean isActive() {
        return status() == GoalStatus.ACTIVE;
    }

    public boolean isLive() {
        return mode() == GoalMode.LIVE;
    }

    /** Whether {@code spec} asks for this very goal, so that its replay is harmless. Who sent it does not matter. */
    boolean sameAs(NewGoal spec) {
        return type.equals(spec.type())
                && title.equals(spec.title())
                && strategy.equals(spec.strategy())
                && market.equals(spec.market())
                && budgetTokens == spec.budgetTokens()
                && maxLossPercent == spec.maxLossPercent()
                && Objects.equals(fundingSource, spec.fundingSource());
    }

    /** The largest loss, in tokens, the goal may carry before it stops: a loss strictly above it stops the goal. */
    public boolean lossPassesLimit(long lossTokens) {
        return com.platformeconomy.contracts.money.LossLimit.passes(lossTokens, budgetTokens, maxLossPercent);
    }
}
