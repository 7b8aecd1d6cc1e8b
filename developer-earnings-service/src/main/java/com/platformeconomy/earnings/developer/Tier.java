package com.platformeconomy.earnings.developer;

import com.platformeconomy.earnings.config.EarningsConfig;
import java.util.Locale;
import java.util.Optional;

/** The developer tiers of seeds/002; their splits and prices come from {@link EarningsConfig}. */
public enum Tier {
    EXPLORER, INDIE, STUDIO, PARTNER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> parse(String id) {
        for (Tier tier : values()) {
            if (tier.id().equals(id)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }

    public int splitDev(EarningsConfig config) {
        return switch (this) {
            case EXPLORER -> config.explorerSplitDev();
            case INDIE -> config.indieSplitDev();
            case STUDIO -> config.studioSplitDev();
            case PARTNER -> config.partnerSplitDev();
        };
    }

    public long annualCost(EarningsConfig config) {
        return switch (this) {
            case EXPLORER -> 0;
            case INDIE -> config.indieAnnualCost();
            case STUDIO -> config.studioAnnualCost();
            case PARTNER -> config.partnerAnnualCost();
        };
    }

    /** Indie and studio are bought by the developer; explorer is automatic and partner admin-promoted. */
    public boolean purchasable() {
        return this == INDIE || this == STUDIO;
    }
}
