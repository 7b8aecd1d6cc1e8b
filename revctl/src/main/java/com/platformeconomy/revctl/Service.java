package com.platformeconomy.revctl;

import java.util.Locale;

/** The five services of the suite, with their default local ports (SPEC §9). */
public enum Service {
    WALLET("wallet", "wallet-service", 8081),
    EARNINGS("earnings", "developer-earnings-service", 8082),
    SETTLEMENT("settlement", "settlement-service", 8083),
    REVENUE("revenue", "revenue-service", 8084),
    GOAL("goal", "goal-service", 8085);

    /** The short name used in flags ({@code --wallet-url}), env ({@code REVCTL_WALLET_URL}) and config keys ({@code wallet.url}). */
    public final String key;
    /** The service's application name, as it runs and as Kubernetes names it. */
    public final String fullName;
    public final int defaultPort;

    Service(String key, String fullName, int defaultPort) {
        this.key = key;
        this.fullName = fullName;
        this.defaultPort = defaultPort;
    }

    public String envVar() {
        return "REVCTL_" + key.toUpperCase(Locale.ROOT) + "_URL";
    }

    public String defaultUrl() {
        return "http://localhost:" + defaultPort;
    }

    /** Accepts the short name or the full name ({@code goal} or {@code goal-service}). */
    public static Service named(String name) {
        for (Service service : values()) {
            if (service.key.equalsIgnoreCase(name) || service.fullName.equalsIgnoreCase(name)) {
                return service;
            }
        }
        throw new IllegalArgumentException("no service named '" + name + "' (wallet, earnings, settlement, revenue, goal)");
    }
}
