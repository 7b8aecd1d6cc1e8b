package com.platformeconomy.testkit.tokens;

import com.platformeconomy.stack.TestTokens;

/**
 * Bearer tokens as the tests present them, signed with the keys of the stack they run against.
 * The signing itself stays in local-stack's {@link TestTokens} (e2e and revctl start a stack
 * outside Quarkus and use it directly); this names the roles the suite's tests ask for.
 */
public final class Tokens {

    /** The admin the services' tests act as; tests assert it, e.g. as a payout's {@code created_by}. */
    public static final String ADMIN = "admin:ops";

    private Tokens() {
    }

    /** A token of {@link #ADMIN} with the admin role. */
    public static String admin() {
        return admin(ADMIN);
    }

    /** A token of admin {@code subject} with the admin role. */
    public static String admin(String subject) {
        return mint(subject, "admin");
    }

    public static String user(String userId) {
        return mint(userId, "user");
    }

    public static String developer(String developerId) {
        return mint(developerId, "developer");
    }

    public static String operator(String operatorId) {
        return mint(operatorId, "operator");
    }

    /** The token service {@code from} presents to service {@code to}, signed with {@code from}'s own key. */
    public static String service(String from, String to) {
        return TestTokens.service(from, to);
    }

    /** An end-user token for {@code subject} with {@code roles}, valid for an hour. */
    public static String mint(String subject, String... roles) {
        return TestTokens.mint(subject, roles);
    }

    /** The value of an Authorization header carrying {@code token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
