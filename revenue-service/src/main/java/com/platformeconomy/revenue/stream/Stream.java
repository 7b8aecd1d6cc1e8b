package com.platformeconomy.revenue.stream;

/** The revenue streams of SPEC §6, as stored in {@code revenue_rollup.stream}. */
public enum Stream {
    /** Commercial api_usage debits in full, plus the platform share of paid app actions. */
    API("api"),
    /** ad_spend debits. */
    AD("ad"),
    /** Settlement awards and infrastructure-pool payments to nodes: money going out. */
    HOSTING("hosting");

    public final String column;

    Stream(String column) {
        this.column = column;
    }
}
