package com.platformeconomy.earnings.developer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A bought or granted tier holds until it expires, then the developer is an explorer again. */
class TierExpiryTest {

    private static Developer developer(String tier, OffsetDateTime expires) {
        Developer developer = new Developer();
        developer.developerId = "dev:acme";
        developer.tier = tier;
        developer.tierExpiresAt = expires;
        return developer;
    }

    @Test
    void aTierHoldsUntilItsExpiryAndThenFallsBackToExplorer() {
        OffsetDateTime bought = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        Developer indie = developer("indie", bought.plusDays(365));
        assertThat(indie.effectiveTier(bought)).isEqualTo(Tier.INDIE);
        assertThat(indie.effectiveTier(bought.plusDays(365).minusSeconds(1))).isEqualTo(Tier.INDIE);
        assertThat(indie.effectiveTier(bought.plusDays(365))).isEqualTo(Tier.EXPLORER);
        assertThat(developer("explorer", null).effectiveTier(bought.plusYears(10))).isEqualTo(Tier.EXPLORER);
    }

    @Test
    void onlyIndieAndStudioAreForSale() {
        assertThat(Tier.INDIE.purchasable()).isTrue();
        assertThat(Tier.STUDIO.purchasable()).isTrue();
        assertThat(Tier.PARTNER.purchasable()).isFalse();
        assertThat(Tier.EXPLORER.purchasable()).isFalse();
        assertThat(Tier.parse("gold")).isEmpty();
    }
}
