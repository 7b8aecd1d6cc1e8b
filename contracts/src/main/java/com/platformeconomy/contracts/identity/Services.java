package com.platformeconomy.contracts.identity;

import java.util.List;

/**
 * The five services of the suite by the name each one runs under ({@code quarkus.application.name}).
 * The name is a service's identity: the audience of a token addressed to it, the last part of the
 * issuer of the tokens it signs ({@link #issuer(String)}), and its role {@code service:<name>}.
 */
public final class Services {
    public static final String WALLET = "wallet-service";
    public static final String DEVELOPER_EARNINGS = "developer-earnings-service";
    public static final String SETTLEMENT = "settlement-service";
    public static final String REVENUE = "revenue-service";
    public static final String GOAL = "goal-service";

    public static final List<String> ALL = List.of(WALLET, DEVELOPER_EARNINGS, SETTLEMENT, REVENUE, GOAL);

    /** Every service token's issuer starts so; the rest is the signing service's name. */
    public static final String ISSUER_PREFIX = "https://platform-economy.local/services/";

    private Services() {
    }

    public static String issuer(String service) {
        return ISSUER_PREFIX + service;
    }

    /** The service an issuer names, or null when it is not a service issuer of the suite. */
    public static String ofIssuer(String issuer) {
        if (issuer == null || !issuer.startsWith(ISSUER_PREFIX)) {
            return null;
        }
        String name = issuer.substring(ISSUER_PREFIX.length());
        return ALL.contains(name) ? name : null;
    }
}
