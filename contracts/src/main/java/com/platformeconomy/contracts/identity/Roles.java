package com.platformeconomy.contracts.identity;

/**
 * The roles of SPEC §8, carried in the JWT {@code groups} claim. A token's subject is the account
 * it acts for ({@code user:alice}, {@code dev:acme}, {@code node-op:n1}).
 *
 * <p>A service of the suite is never "any service": its token carries exactly one role,
 * {@code service:<its name>} ({@link #service(String)}), and a route that accepts service callers
 * names the ones it accepts ({@link #DEVELOPER_EARNINGS_SERVICE}, {@link #REVENUE_SERVICE}…).
 * {@link ServiceTokenVerification} grants those roles only to a token signed with that service's own
 * key, issued by that service and addressed to this one (SPEC §10).
 */
public final class Roles {
    public static final String USER = "user";
    public static final String DEVELOPER = "developer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    /**
     * The old role "any service of the suite". No verified token carries it any more: the end-user
     * issuer may not grant it and a service token carries {@code service:<name>} instead. Kept so that
     * a route still naming it (pages) compiles; it admits nobody.
     */
    @Deprecated
    public static final String SERVICE = "service";

    /** The prefix of every service role and service subject: {@code service:wallet-service}. */
    public static final String SERVICE_PREFIX = "service:";

    public static final String WALLET_SERVICE = "service:" + Services.WALLET;
    public static final String DEVELOPER_EARNINGS_SERVICE = "service:" + Services.DEVELOPER_EARNINGS;
    public static final String SETTLEMENT_SERVICE = "service:" + Services.SETTLEMENT;
    public static final String REVENUE_SERVICE = "service:" + Services.REVENUE;
    public static final String GOAL_SERVICE = "service:" + Services.GOAL;

    /** The roles an end user's token may carry; anything naming a service is refused on such a token. */
    public static final java.util.Set<String> ALL = java.util.Set.of(USER, DEVELOPER, OPERATOR, ADMIN);

    private Roles() {
    }

    /** {@code service:<name>}: the one role, and the subject, of a token service {@code name} signs. */
    public static String service(String name) {
        return SERVICE_PREFIX + name;
    }

    /** Whether a role or subject claims to be a service (the old generic role included). */
    public static boolean namesAService(String roleOrSubject) {
        return roleOrSubject != null && (roleOrSubject.equals(SERVICE) || roleOrSubject.startsWith(SERVICE_PREFIX));
    }
}
