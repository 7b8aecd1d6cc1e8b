package com.platformeconomy.contracts.event;

import java.time.LocalDate;

/**
 * One account's part of a period's revenue distribution (SPEC §6): {@code pool} is users, infra or
 * central. wallet-service credits {@code amount} to {@code account} once per event id.
 */
public record RevenueDistributed(LocalDate periodStart, LocalDate periodEnd, String pool, String account, long amount) {

    public static final String TYPE = "com.platformeconomy.revenue.distributed";
}
