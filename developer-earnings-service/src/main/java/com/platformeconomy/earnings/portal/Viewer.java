package com.platformeconomy.earnings.portal;

import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who looks at a page: the token's subject and whether it may see the portal (developer) or
 * every developer's apps (admin). {@code refused}: a cookie was sent but its token did not verify
 * (expired, or signed by another key), so the page asks to sign in again. {@code csrf}: the token
 * the page's forms carry (contracts PageGuard).
 */
public record Viewer(String subject, boolean developer, boolean admin, boolean refused, String csrf) {

    static Viewer nobody(String csrf) {
        return new Viewer(null, false, false, false, csrf);
    }

    static Viewer refused(String csrf) {
        return new Viewer(null, false, false, true, csrf);
    }

    static Viewer of(SecurityIdentity identity, String csrf) {
        if (identity == null || identity.isAnonymous()) {
            return nobody(csrf);
        }
        return new Viewer(identity.getPrincipal().getName(), identity.hasRole(Roles.DEVELOPER),
                identity.hasRole(Roles.ADMIN), false, csrf);
    }

    public boolean signedIn() {
        return subject != null;
    }

    /** May use the portal at all. */
    public boolean allowed() {
        return developer || admin;
    }
}
