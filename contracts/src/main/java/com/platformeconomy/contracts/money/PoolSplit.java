package com.platformeconomy.contracts.money;

/**
 * The revenue split of a period's gross into the users, infrastructure and central pools (SPEC §6,
 * 90/9/1 by default), in whole percent that must add up to 100: made once at start, so a
 * configuration that would create or lose tokens stops the service instead.
 */
public record PoolSplit(int usersPercent, int infraPercent, int centralPercent) {

    public PoolSplit {
        if (usersPercent < 0 || infraPercent < 0 || centralPercent < 0) {
            throw new IllegalArgumentException("pool percentages must not be negative: " + this);
        }
        if (usersPercent + infraPercent + centralPercent != 100) {
            throw new IllegalArgumentException("pool percentages must add up to 100, not "
                    + (usersPercent + infraPercent + centralPercent) + ": users " + usersPercent + ", infra "
                    + infraPercent + ", central " + centralPercent);
        }
    }

    /** {@code whole} tokens as {users, infra, central}, by largest remainder: they add up to {@code whole}. */
    public long[] split(long whole) {
        return LargestRemainder.split(whole, new long[] {usersPercent, infraPercent, centralPercent});
    }

    /** The platform's part (infra and central), percent. */
    public int platformPercent() {
        return infraPercent + centralPercent;
    }
}
