package com.platformeconomy.contracts.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka topic names (SPEC §3–§8), and who may write and read each one (SPEC §10 "Services are told
 * apart"). The key of every record is the event's subject.
 *
 * <p>This class is the one place that says which identity owns a topic: the local stack's broker
 * makes its ACLs from {@link #owner} and {@link #READERS}, the k8s manifests' {@code KafkaUser}s
 * are checked against them (revctl's K8sManifestsTest), and every consumer refuses (parks) an
 * event whose CloudEvent {@code source} is not {@link #fromOwner from the topic's owner}.
 */
public final class Topics {
    /** Charges, debits and credits of wallet-service, relayed from its Redis stream. Key: the account. */
    public static final String BILLING_EVENTS = "billing.events";
    /** App pricing and state from developer-earnings-service. Compacted; key: the app id. */
    public static final String APP_CATALOG = "app.catalog";
    /** Metered API usage reported by nodes (through the node-agent identity). Key: the node id. */
    public static final String METERED_USAGE = "metered.usage";
    /** What settlement-service's metered-usage consumer could not even park: its own dead-letter topic. */
    public static final String METERED_USAGE_DEAD_LETTER = "metered.usage.dead-letter";
    /** Settlement batches awarded to node operators. Key: the operator account. */
    public static final String SETTLEMENT_AWARDED = "settlement.awarded";
    /** Credits of a revenue distribution. Key: the credited account. */
    public static final String REVENUE_DISTRIBUTIONS = "revenue.distributions";
    /** Requests for trading goals (revenue-service's auto-funding). Key: the request id. */
    public static final String GOALS_REQUESTS = "goals.requests";
    /** What happened to trading goals. Key: the goal id. */
    public static final String GOALS_EVENTS = "goals.events";

    // The Kafka identities (SCRAM user names locally, KafkaUser names in k8s): one per service, and
    // one for the nodes' usage reports, which no service produces.
    public static final String WALLET = "wallet-service";
    public static final String EARNINGS = "developer-earnings-service";
    public static final String SETTLEMENT = "settlement-service";
    public static final String REVENUE = "revenue-service";
    public static final String GOAL = "goal-service";
    public static final String NODE_AGENT = "node-agent";

    /** Every identity that talks to Kafka, services first. */
    public static final List<String> IDENTITIES = List.of(WALLET, EARNINGS, SETTLEMENT, REVENUE, GOAL, NODE_AGENT);

    /** The one identity that may write each topic. */
    public static final Map<String, String> OWNERS;
    /** Per topic, which identity reads it with which consumer groups (a group ending in '-' is a prefix). */
    public static final Map<String, Map<String, List<String>>> READERS;

    static {
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put(BILLING_EVENTS, WALLET);
        owners.put(APP_CATALOG, EARNINGS);
        owners.put(METERED_USAGE, NODE_AGENT);
        owners.put(METERED_USAGE_DEAD_LETTER, SETTLEMENT);
        owners.put(SETTLEMENT_AWARDED, SETTLEMENT);
        owners.put(REVENUE_DISTRIBUTIONS, REVENUE);
        owners.put(GOALS_REQUESTS, REVENUE);
        owners.put(GOALS_EVENTS, GOAL);
        OWNERS = Map.copyOf(owners);

        Map<String, Map<String, List<String>>> readers = new LinkedHashMap<>();
        readers.put(BILLING_EVENTS, Map.of(
                WALLET, List.of("wallet-ledger"),
                EARNINGS, List.of("developer-earnings"),
                REVENUE, List.of("revenue-service")));
        // wallet-service reads the whole catalog into each replica: a group per replica (wallet-catalog-<uuid>).
        readers.put(APP_CATALOG, Map.of(WALLET, List.of("wallet-catalog-")));
        readers.put(METERED_USAGE, Map.of(SETTLEMENT, List.of("settlement-service")));
        readers.put(METERED_USAGE_DEAD_LETTER, Map.of(SETTLEMENT, List.of("settlement-service-parking")));
        readers.put(SETTLEMENT_AWARDED, Map.of(
                WALLET, List.of("wallet-credits"),
                REVENUE, List.of("revenue-service")));
        readers.put(REVENUE_DISTRIBUTIONS, Map.of(WALLET, List.of("wallet-credits")));
        readers.put(GOALS_REQUESTS, Map.of(GOAL, List.of("goal-service")));
        readers.put(GOALS_EVENTS, Map.of(REVENUE, List.of("revenue-service")));
        READERS = Map.copyOf(readers);
    }

    /** Every topic of the suite, in a stable order. */
    public static final List<String> ALL = List.of(BILLING_EVENTS, APP_CATALOG, METERED_USAGE, METERED_USAGE_DEAD_LETTER,
            SETTLEMENT_AWARDED, REVENUE_DISTRIBUTIONS, GOALS_REQUESTS, GOALS_EVENTS);

    private Topics() {
    }

    /** The identity that owns (alone writes) {@code topic}. */
    public static String owner(String topic) {
        String owner = OWNERS.get(topic);
        if (owner == null) {
            throw new IllegalArgumentException("no topic " + topic + " in the suite");
        }
        return owner;
    }

    /** The CloudEvent {@code source} an identity writes: {@code /wallet-service}, {@code /node-agent}… */
    public static String source(String identity) {
        return "/" + identity;
    }

    /**
     * Whether an event with CloudEvent {@code source} may appear on {@code topic}: its source names
     * the topic's owner ({@code /settlement-service}; the bare name, as earlier producers wrote it,
     * is taken too). Anything else is refused by the consumer, whoever managed to write it.
     */
    public static boolean fromOwner(String topic, String source) {
        if (source == null) {
            return false;
        }
        String owner = owner(topic);
        return source.equals(source(owner)) || source.equals(owner);
    }

    /** Why an event of {@code source} on {@code topic} is refused, for the parking lot. */
    public static String notFromOwner(String topic, String source) {
        return "source " + source + " is not " + source(owner(topic)) + ", the owner of " + topic;
    }
}
