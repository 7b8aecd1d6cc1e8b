package com.platformeconomy.contracts.security;

import com.platformeconomy.contracts.problem.ApiException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/** SPEC §8: a caller acts on its own resources only, unless it is an admin or a service. */
public final class Ownership {

    private Ownership() {
    }

    public static boolean isPrivileged(SecurityIdentity caller) {
        return caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.SERVICE);
    }

    /** Refuses with 401 without a token, and 403 unless the caller is {@code owner} or privileged. */
    public static void requireOwnerOrPrivileged(SecurityIdentity caller, String owner) {
        if (caller.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (!isPrivileged(caller) && !caller.getPrincipal().getName().equals(owner)) {
            throw ApiException.forbidden("The token's subject may not act on '" + owner + "'.");
        }
    }
}
