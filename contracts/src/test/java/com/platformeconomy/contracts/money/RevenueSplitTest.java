package com.platformeconomy.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The split of seeds/002 with its own worked numbers, and as a property over all totals and splits. */
class RevenueSplitTest {

    @Example
    void explorerSevenTokensSplitFourThree() {
        long total = RevenueSplit.totalCost(5, 2, false);
        assertThat(total).isEqualTo(7);
        assertThat(RevenueSplit.split(total, 70)).isEqualTo(new RevenueSplit.Shares(7, 4, 3));
    }

    @Example
    void indieSevenTokensSplitFiveTwo() {
        assertThat(RevenueSplit.split(RevenueSplit.totalCost(5, 2, false), 80)).isEqualTo(new RevenueSplit.Shares(7, 5, 2));
    }

    @Example
    void byollmUserPaysNoPlatformFeeFiveSplitThreeTwo() {
        long total = RevenueSplit.totalCost(5, 2, true);
        assertThat(total).isEqualTo(5);
        assertThat(RevenueSplit.split(total, 70)).isEqualTo(new RevenueSplit.Shares(5, 3, 2));
    }

    @Example
    void studioAndPartnerFollowTheSameFloor() {
        assertThat(RevenueSplit.split(7, 85).developerShare()).isEqualTo(5);
        assertThat(RevenueSplit.split(7, 95).developerShare()).isEqualTo(6);
        assertThat(RevenueSplit.split(0, 95)).isEqualTo(new RevenueSplit.Shares(0, 0, 0));
    }

    @Example
    void refusesWhatIsNotASplit() {
        assertThatThrownBy(() -> RevenueSplit.split(-1, 70)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RevenueSplit.split(7, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RevenueSplit.split(Long.MAX_VALUE, 70)).isInstanceOf(ArithmeticException.class);
    }

    @Property
    void sharesAreNonNegativeWholeTokensThatSumToTheTotalAndTheDeveloperGetsTheFloor(
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 100) long total,
            @ForAll @IntRange(min = 0, max = 100) int splitDev) {
        RevenueSplit.Shares shares = RevenueSplit.split(total, splitDev);
        assertThat(shares.developerShare()).isNotNegative();
        assertThat(shares.platformShare()).isNotNegative();
        assertThat(shares.developerShare() + shares.platformShare()).isEqualTo(total);
        // floor(total × split / 100), computed without any chance of overflow.
        BigInteger exactFloor = BigInteger.valueOf(total).multiply(BigInteger.valueOf(splitDev)).divide(BigInteger.valueOf(100));
        assertThat(BigInteger.valueOf(shares.developerShare())).isEqualTo(exactFloor);
    }
}
