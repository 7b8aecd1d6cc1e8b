package com.platformeconomy.platform.security;

import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * SPEC §8: a caller acts on its own resources only, unless it is an admin or one of the services
 * the route names (SPEC §10: never "any service"), e.g.
 * {@code requireOwnerOrPrivileged(caller, account, Roles.DEVELOPER_EARNINGS_SERVICE)}.
 */
public final class Ownership {

    private Ownership() {
    }

    /** An admin, or one of {@code services} (roles {@code service:<name>}). */
    public static boolean isPrivileged(SecurityIdentity caller, String... services) {
        if (caller.hasRole(Roles.ADMIN)) {
            return true;
        }
        for (String service : services) {
            if (!service.startsWith(Roles.SERVICE_PREFIX)) {
                throw new IllegalArgumentException("not a service role: " + service);
            }
            if (caller.hasRole(service)) {
                return true;
            }
        }
        return false;
    }

    /** Refuses with 401 without a token, and 403 unless the caller is {@code owner}, an admin or one of {@code services}. */
    public static void requireOwnerOrPrivileged(SecurityIdentity caller, String owner, String... services) {
        if (caller.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (!isPrivileged(caller, services) && !caller.getPrincipal().getName().equals(owner)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "The token's subject may not act on '" + owner + "'.");
        }
    }

    /**
     * SPEC §10, four eyes: an admin decides nothing on money of its own account (crediting it,
     * paying its payout, granting its tier…); another admin must. The token's subject is the
     * account it owns, as everywhere else: 403 when it is {@code account}.
     */
    public static void refuseOwnAccount(SecurityIdentity caller, String account, String what) {
        if (caller.getPrincipal() != null && isOwnAccount(caller.getPrincipal().getName(), account)) {
            throw ownAccount(account, what);
        }
    }

    /** Whether {@code account} is the one the caller (its token's subject, {@code callerAccount}) owns. */
    public static boolean isOwnAccount(String callerAccount, String account) {
        return callerAccount != null && !callerAccount.isEmpty() && callerAccount.equals(account);
    }

    /**
     * The refusal of {@link #refuseOwnAccount}, for a service that learns the account only after the
     * route (a charge's developer, from the app catalog).
     */
    public static ApiException ownAccount(String account, String what) {
        return new ApiException(ErrorCode.FORBIDDEN, "An admin does not " + what + " for its own account '" + account
                + "': another admin must.");
    }
}
