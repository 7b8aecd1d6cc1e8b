package com.platformeconomy.goal.vote;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.Set;

/** A live-trading proposal's status: open until it passes or its deadline expires it; both are final. */
public enum ProposalStatus implements Lifecycle<ProposalStatus> {
    OPEN("open"),
    PASSED("passed"),
    EXPIRED("expired");

    private final String wire;

    ProposalStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The allowed transitions, all of them. */
    @Override
    public Set<ProposalStatus> next() {
        return switch (this) {
            case OPEN -> Set.of(PASSED, EXPIRED);
            case PASSED -> Set.of();
            case EXPIRED -> Set.of();
        };
    }

    public static ProposalStatus of(String wire) {
        return Lifecycle.of(ProposalStatus.class, wire);
    }
}
