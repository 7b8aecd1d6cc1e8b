package com.platformeconomy.contracts.security;

/**
 * The roles of SPEC §8, carried in the JWT {@code groups} claim. A token's subject is the account
 * it acts for ({@code user:alice}, {@code dev:acme}, {@code node-op:n1}).
 */
public final class Roles {
    public static final String USER = "user";
    public static final String DEVELOPER = "developer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    /** Another service of the suite acting on anyone's behalf. */
    public static final String SERVICE = "service";

    public static final java.util.Set<String> ALL = java.util.Set.of(USER, DEVELOPER, OPERATOR, ADMIN, SERVICE);

    private Roles() {
    }
}
