package com.platformeconomy.contracts.event;

/** Kafka topic names (SPEC §3–§8). The key of every record is the event's subject. */
public final class Topics {
    /** Charges, debits and credits of wallet-service, relayed from its Redis stream. Key: the account. */
    public static final String BILLING_EVENTS = "billing.events";
    /** App pricing and state from developer-earnings-service. Compacted; key: the app id. */
    public static final String APP_CATALOG = "app.catalog";
    /** Metered API usage reported by nodes. Key: the node id. */
    public static final String METERED_USAGE = "metered.usage";
    /** Settlement batches awarded to node operators. Key: the operator account. */
    public static final String SETTLEMENT_AWARDED = "settlement.awarded";
    /** Credits of a revenue distribution. Key: the credited account. */
    public static final String REVENUE_DISTRIBUTIONS = "revenue.distributions";
    /** Requests for trading goals. Key: the request id. */
    public static final String GOALS_REQUESTS = "goals.requests";
    /** What happened to trading goals. Key: the goal id. */
    public static final String GOALS_EVENTS = "goals.events";

    private Topics() {
    }
}
