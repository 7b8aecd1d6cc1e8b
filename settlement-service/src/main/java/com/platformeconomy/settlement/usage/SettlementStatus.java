package com.platformeconomy.settlement.usage;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.Set;

/** A metered usage record's settlement status: pending until a batch settles it, or it is written off (no operator) or found not payable; all three final. The set-based moves are SQL in SettlementService and ComputeSettingsService, whose literals are these wire strings. */
public enum SettlementStatus implements Lifecycle<SettlementStatus> {
    PENDING("pending"),
    SETTLED("settled"),
    WRITTEN_OFF("written_off"),
    NOT_PAYABLE("not_payable");

    private final String wire;

    SettlementStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The allowed transitions, all of them. */
    @Override
    public Set<SettlementStatus> next() {
        return switch (this) {
            case PENDING -> Set.of(SETTLED, WRITTEN_OFF, NOT_PAYABLE);
            case SETTLED -> Set.of();
            case WRITTEN_OFF -> Set.of();
            case NOT_PAYABLE -> Set.of();
        };
    }

    public static SettlementStatus of(String wire) {
        return Lifecycle.of(SettlementStatus.class, wire);
    }
}
