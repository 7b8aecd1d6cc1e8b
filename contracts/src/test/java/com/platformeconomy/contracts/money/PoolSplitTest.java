package com.platformeconomy.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PoolSplitTest {

    /** The seeds' gross of 225 tokens at 90/9/1: 202.5 / 20.25 / 2.25 exactly, 203 / 20 / 2 in tokens. */
    @Test
    void theSeedsNumbers() {
        assertThat(new PoolSplit(90, 9, 1).split(225)).containsExactly(203, 20, 2);
        assertThat(new PoolSplit(90, 9, 1).platformPercent()).isEqualTo(10);
    }

    @Test
    void percentagesThatDoNotAddUpTo100AreRefused() {
        assertThatThrownBy(() -> new PoolSplit(90, 9, 2)).hasMessageContaining("add up to 100, not 101");
        assertThatThrownBy(() -> new PoolSplit(90, 9, 0)).hasMessageContaining("not 99");
        assertThatThrownBy(() -> new PoolSplit(101, 0, -1)).hasMessageContaining("negative");
    }

    @Property
    void thePoolsAlwaysAddUpToTheWhole(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 128) long whole,
                                       @ForAll @IntRange(min = 0, max = 100) int users,
                                       @ForAll @IntRange(min = 0, max = 100) int infra) {
        if (users + infra > 100) {
            return;
        }
        long[] pools = new PoolSplit(users, infra, 100 - users - infra).split(whole);
        assertThat(pools[0] + pools[1] + pools[2]).isEqualTo(whole);
        assertThat(java.util.Arrays.stream(pools).min().orElseThrow()).isNotNegative();
    }
}
